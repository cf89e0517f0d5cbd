// The crowd of `npm run bench -- --playground-load`, in a process of its own (so its work never delays
// the measured client's event loop): N first-time browsers loading the playground over and over — the
// HTML, then every asset it names, with Accept-Encoding: br, gzip and no cache (no If-None-Match: the
// worst case; a revisit would be one 304) — counting bytes, never decoding them. The parent turns the
// crowd on and off by IPC message ('on', 'off', 'finish'); on 'finish' it sends back its tally.
import { Agent, get as httpGet } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';

export interface LoaderTally {
  /** Whole page loads (the HTML and all its assets). */
  pages: number;
  bytes: number;
  errors: number;
  /** 429 answers (the per-client byte budget); a refused loader waits the Retry-After it was given. */
  refused: number;
  /** Up to three distinct reasons for the errors (an HTTP status and path, or a network error). */
  errorReasons: string[];
}

export type LoaderMessage = 'on' | 'off' | 'finish';

const agent = new Agent({ keepAlive: true, maxSockets: 256 });

/** GET `path` with raw bytes counted, never decoded (a browser decodes on its own machine, not here). */
function getRaw(url: string, path: string, headers: Record<string, string>): Promise<{ status: number; bytes: number; body: Buffer; encoding: string; retryAfter: number }> {
  return new Promise((resolve, reject) => {
    const request = httpGet(`${url}${path}`, { headers, agent }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        const body = Buffer.concat(chunks);
        resolve({ status: response.statusCode ?? 0, bytes: body.length, body, encoding: String(response.headers['content-encoding'] ?? ''), retryAfter: Number(response.headers['retry-after'] ?? 0) });
      });
      response.on('error', reject);
    });
    request.setTimeout(60_000, () => request.destroy(new Error('no answer in 60 s')));
    request.on('error', reject);
  });
}

/** The asset paths a playground page names. */
export function assetPaths(html: string): string[] {
  return [...new Set([...html.matchAll(/"(\/assets\/[^"]+)"/g)].map((m) => m[1]!))];
}

class Crowd {
  readonly tally: LoaderTally = { pages: 0, bytes: 0, errors: 0, refused: 0, errorReasons: [] };
  private active = false;
  private finished = false;
  private resume: Array<() => void> = [];

  constructor(
    private readonly url: string,
    private readonly path: string,
  ) {}

  set(message: LoaderMessage): void {
    if (message === 'finish') this.finished = true;
    this.active = message === 'on';
    if (this.active || this.finished) for (const wake of this.resume.splice(0)) wake();
  }

  /** One browser: waits while the crowd is off, loads the page and its assets while it is on. */
  async browser(): Promise<void> {
    while (!this.finished) {
      if (!this.active) {
        await new Promise<void>((wake) => this.resume.push(wake));
        continue;
      }
      try {
        await this.visit();
      } catch (error) {
        this.failed(String((error as Error).message ?? error));
      }
    }
  }

  /** One visit; its bytes count as they arrive, the page load only once every asset has come. */
  private async visit(): Promise<void> {
    const page = await getRaw(this.url, this.path, { accept: 'text/html', 'accept-encoding': 'br, gzip' });
    this.tally.bytes += page.bytes;
    if (page.status === 429) return this.refused(page.retryAfter);
    // The page (a few KB) is decoded to find its assets, as a browser would; the assets never are.
    const html = (page.encoding === 'br' ? brotliDecompressSync(page.body) : page.encoding === 'gzip' ? gunzipSync(page.body) : page.body).toString('utf8');
    const assets = assetPaths(html);
    if (page.status !== 200 || assets.length === 0) return this.failed(`HTTP ${page.status} for ${this.path} (${assets.length} assets named)`);
    for (const asset of assets) {
      // Switched off mid-visit: the visit stops here and is not a page load.
      if (!this.active) return;
      const response = await getRaw(this.url, asset, { 'accept-encoding': 'br, gzip' });
      this.tally.bytes += response.bytes;
      if (response.status === 429) return this.refused(response.retryAfter);
      if (response.status !== 200) return this.failed(`HTTP ${response.status} for ${asset}`);
    }
    this.tally.pages++;
  }

  private failed(reason: string): void {
    this.tally.errors++;
    if (this.tally.errorReasons.length < 3 && !this.tally.errorReasons.includes(reason)) this.tally.errorReasons.push(reason);
  }

  private async refused(retryAfterSeconds: number): Promise<void> {
    this.tally.refused++;
    // As a person reloading later would; cut short when the crowd is switched off.
    await new Promise<void>((wake) => {
      const timer = setTimeout(wake, Math.max(100, retryAfterSeconds * 1000));
      this.resume.push(() => {
        clearTimeout(timer);
        wake();
      });
    });
  }
}

/** The child's entry (BENCH_PLAYGROUND_LOADERS=1 node --import tsx bench/lib/playground-loaders.ts <url> <path> <count>). */
async function main(): Promise<void> {
  const [url, path, count] = process.argv.slice(2);
  const crowd = new Crowd(url!, path!);
  process.on('message', (message: LoaderMessage) => crowd.set(message));
  await Promise.all(Array.from({ length: Number(count) }, () => crowd.browser()));
  process.send!(crowd.tally, () => process.exit(0));
}

if (process.env.BENCH_PLAYGROUND_LOADERS === '1') await main();
