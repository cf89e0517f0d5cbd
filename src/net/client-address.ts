// Who a request comes from, for the limits kept per client (the cost budget, the export slots): the
// socket's address, or behind one trusted reverse proxy (TRUST_PROXY) the last X-Forwarded-For entry.

/** What the Node adapter puts in the context: the request and its socket. */
export interface ClientContext {
  request?: Request;
  req?: { socket?: { remoteAddress?: string } };
}

/** The client's address: the socket's, or behind a trusted proxy the last X-Forwarded-For entry. */
export function clientOf(context: ClientContext, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = context.request?.headers.get('x-forwarded-for')?.split(',').at(-1)?.trim();
    if (forwarded) return forwarded.slice(0, 64);
  }
  return context.req?.socket?.remoteAddress ?? 'in-process';
}
