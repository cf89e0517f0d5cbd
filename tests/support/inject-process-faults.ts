// Loaded with `node --import` into a service process by the last-resort test: each SIGUSR2 causes the
// next fault named in CHOKEPOINT_TEST_FAULTS (comma-separated): `reject` (a promise rejected with no
// handler), `throw-epipe` (an uncaught EPIPE, as a vanished client causes) or `throw` (any other
// uncaught exception). Never loaded by the service itself.
const faults = (process.env.CHOKEPOINT_TEST_FAULTS ?? '').split(',').filter(Boolean);
let next = 0;

process.on('SIGUSR2', () => {
  const fault = faults[next++];
  setTimeout(() => {
    if (fault === 'reject') void Promise.reject(new Error('test fault: a rejected promise nobody handles'));
    if (fault === 'throw-epipe') throw Object.assign(new Error('test fault: write EPIPE'), { code: 'EPIPE' });
    if (fault === 'throw') throw new Error('test fault: an uncaught exception');
  }, 0);
});
