// What the tests, their child processes (tests/robustness/children), `make
// bench` (bench/js) and `make fuzz` (fuzz/) share: loopback socket addresses
// built through the public struct classes, and the package error class of a
// thrown value. Plain JavaScript, as children, bench and fuzz run under plain
// node; type-checked through JSDoc (tsconfig.json, checkJs).

/** @typedef {typeof import('../../generated/entries/index.js')} Api */

/** ::1 as 16 bytes. */
export const IPV6_LOOPBACK = Object.freeze([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
/** ::ffff:127.0.0.1 as 16 bytes. */
export const IPV4_MAPPED_LOOPBACK = Object.freeze([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 127, 0, 0, 1]);

/**
 * 127.0.0.1 at a host-order port.
 * @param {Api} api
 * @returns {InstanceType<Api['Sockaddr_in']>}
 */
export function loopback4(api, port = 0) {
  const sa = new api.Sockaddr_in();
  if (sa.sin_len !== undefined) sa.sin_len = api.Sockaddr_in.size;
  sa.sin_family = api.toInt(api.AF_INET);
  sa.sin_port = api.htons(port);
  sa.sin_addr.s_addr = api.htonl(0x7f000001);
  return sa;
}

/**
 * An IPv6 address (::1 by default) at a host-order port.
 * @param {Api} api
 * @param {readonly number[]} address
 * @returns {InstanceType<Api['Sockaddr_in6']>}
 */
export function loopback6(api, port = 0, address = IPV6_LOOPBACK) {
  const sa = new api.Sockaddr_in6();
  if (sa.sin6_len !== undefined) sa.sin6_len = api.Sockaddr_in6.size;
  sa.sin6_family = api.toInt(api.AF_INET6);
  sa.sin6_port = api.htons(port);
  sa.sin6_addr.s6_addr.set(address);
  return sa;
}

/** The classes a package call may throw (an Async variant may also reject with AbortError). */
export const ERROR_CLASSES = Object.freeze(['OSError', 'ValueError', 'IOError', 'TypeError', 'RangeError']);

/**
 * The package error class of a thrown value: one of ERROR_CLASSES,
 * 'AbortError', or `other: NAME` for anything else.
 * @param {Api} api
 * @param {unknown} e
 * @returns {string}
 */
export function errorClass(api, e) {
  if (e instanceof api.OSError) return 'OSError';
  if (e instanceof Error && e.name === 'AbortError' && /** @type {{ code?: unknown }} */ (e).code === 'ABORT_ERR') {
    return 'AbortError';
  }
  if (e instanceof api.ValueError) return 'ValueError';
  if (e instanceof api.IOError) return 'IOError';
  if (e instanceof TypeError) return 'TypeError';
  if (e instanceof RangeError) return 'RangeError';
  const name = e instanceof Object ? e.constructor?.name : undefined;
  return `other: ${name ?? typeof e}`;
}

/**
 * Splits a child process's output into lines: feed it each chunk; it calls
 * `onLine` for every complete line and keeps the unfinished rest.
 * @param {(line: string) => void} onLine
 * @returns {(chunk: string) => void}
 */
export function lineSplitter(onLine) {
  let buffered = '';
  return (chunk) => {
    buffered += chunk;
    for (let nl = buffered.indexOf('\n'); nl !== -1; nl = buffered.indexOf('\n')) {
      const line = buffered.slice(0, nl);
      buffered = buffered.slice(nl + 1);
      onLine(line);
    }
  };
}

/**
 * Ends `child` with SIGKILL when `ms` pass without a call to `arm()` (each sign
 * of progress re-arms it): a child that hangs is ended, never waited for.
 * `fired` says whether it did; `stop()` when the child has exited.
 * @param {{ kill(signal: NodeJS.Signals): unknown }} child
 * @param {number} ms
 */
export function stallWatchdog(child, ms) {
  /** @type {NodeJS.Timeout | undefined} */
  let timer;
  let fired = false;
  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      fired = true;
      child.kill('SIGKILL');
    }, ms);
  };
  arm();
  return {
    arm,
    stop: () => clearTimeout(timer),
    get fired() {
      return fired;
    },
  };
}
