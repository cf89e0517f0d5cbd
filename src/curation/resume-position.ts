// Where a change-feed subscription starts: right after the `Last-Event-ID` a reconnecting SSE client
// sends (the seq of the last event it received), else after the `since` argument (decision 0029).
import { fieldError } from '../errors/curation-errors.ts';

/** The header EventSource (and any SSE client that follows the spec) sends when it reconnects. */
export const LAST_EVENT_ID = 'Last-Event-ID';

/** A seq is a positive integer well inside a double's exact range; 15 digits bound the parse. */
const EVENT_ID = /^\d{1,15}$/;

/**
 * The seq to stream after. The header wins over `since`: it is the browser's resume mechanism, and an
 * EventSource reconnects to the same URL — the `since` it subscribed with first — sending only the
 * header's newer position. An empty header is no header (a stream that never sent an id has none).
 */
export function resumePosition(since: number | null | undefined, lastEventId: string | null | undefined): number {
  const header = lastEventId?.trim();
  if (header) {
    if (!EVENT_ID.test(header)) {
      throw fieldError(LAST_EVENT_ID, header, 'is not an event id of this feed', 'the `id:` of the last event received: a change seq, 0 to 999999999999999 (or send no header and use `since`)', {
        header: LAST_EVENT_ID,
      });
    }
    return Number(header);
  }
  return Math.max(0, since ?? 0);
}
