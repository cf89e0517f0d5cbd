// The stand-alone bench scripts talk only to a service and a database on this machine: a URL is accepted
// when its host is the loopback address.
export function isLoopback(url: string | undefined): boolean {
  if (!url) return false;
  try {
    return ['127.0.0.1', 'localhost', '[::1]'].includes(new URL(url).hostname);
  } catch {
    return false;
  }
}
