// The contract of each proc's result in a fuzz run (fuzz/runner.mjs): what a
// returned value must be, given the arguments; and how a value is shown in a
// finding or a trace line.
import { A } from './setup.mjs';

export function describe(v, depth = 0) {
  if (v === undefined) return 'undefined';
  if (v === null) return 'null';
  if (typeof v === 'number') return Object.is(v, -0) ? '-0' : String(v);
  if (typeof v === 'string') return v.length > 40 ? `'${v.slice(0, 20)}…'(${v.length})` : JSON.stringify(v);
  if (typeof v === 'bigint') return `${v}n`;
  if (typeof v !== 'object') return String(v);
  if (ArrayBuffer.isView(v))
    return `${v.constructor.name}(${(() => {
      try {
        return v.byteLength;
      } catch {
        return '?';
      }
    })()})`;
  if (Array.isArray(v))
    return depth > 0
      ? `[${v.length}]`
      : `[${v
          .slice(0, 6)
          .map((x) => describe(x, 1))
          .join(', ')}${v.length > 6 ? `, …${v.length}` : ''}]`;
  if (v instanceof A.AddrInfo) return 'AddrInfo';
  return v.constructor?.name && v.constructor.name !== 'Object' ? v.constructor.name : `{${Object.keys(v).join(',')}}`;
}

/** Checks a proc's result against its contract; returns what is wrong, or undefined. */
export function contract(proc, args, r, before) {
  const lastErrorSet = () => A.osLastError() !== 0;
  const isInt = Number.isInteger;
  switch (proc) {
    case 'selectRead':
    case 'selectWrite':
    case 'select': {
      const fds = args[0];
      if (!isInt(r) || r < -1) return `returned ${r}`;
      if (r === -1)
        return !lastErrorSet()
          ? '-1 without osLastError()'
          : fds.length !== before.length
            ? '-1 but the array was changed'
            : undefined;
      if (fds.length !== r) return `returned ${r} but kept ${fds.length} handles`;
      let j = 0;
      for (const h of fds) {
        while (j < before.length && before[j] !== h) j++;
        if (j++ >= before.length) return 'kept a handle it was not given (or out of order)';
      }
      return undefined;
    }
    case 'send':
    case 'recv':
    case 'sendto':
    case 'recvfrom':
      // MSG_TRUNC asks for the real length; MSG_OOB on a Unix stream socket reports its one byte even for len 0 (Linux).
      if (!isInt(r) || r < -1 || (r > args[2] && !(args[3] & 0x21))) return `returned ${r} for len ${args[2]}`;
      if (r === -1 && !lastErrorSet()) return '-1 without osLastError()';
      if (proc === 'recvfrom' && r >= 0 && !(isInt(args[5].value) && args[5].value >= 0))
        return `fromlen.value ${args[5].value}`;
      return undefined;
    case 'accept':
      if (!Array.isArray(r) || r.length !== 2 || !isInt(r[0]) || typeof r[1] !== 'string')
        return `returned ${describe(r)}`;
      if (r[0] === -1)
        return r[1] !== '' ? 'failed with an address' : !lastErrorSet() ? '-1 without osLastError()' : undefined;
      return r[0] < 0 ? `handle ${r[0]}` : undefined;
    case 'createNativeSocket':
    case 'newNativeSocket':
      if (!isInt(r) || r < -1) return `returned ${r}`;
      return r === -1 && !lastErrorSet() ? 'osInvalidSocket without osLastError()' : undefined;
    case 'bindAddr':
    case 'connect':
    case 'listen':
      if (r !== 0 && r !== -1) return `returned ${r}`;
      return r === -1 && !lastErrorSet() ? '-1 without osLastError()' : undefined;
    case 'fcntl':
      return !isInt(r) || r < -1
        ? `returned ${r}`
        : r === -1 && !lastErrorSet()
          ? '-1 without osLastError()'
          : undefined;
    case 'setInheritable':
      return typeof r !== 'boolean'
        ? `returned ${r}`
        : !r && !lastErrorSet()
          ? 'false without osLastError()'
          : undefined;
    case 'getSockOptInt':
    case 'toInt':
    case 'getProtoByName':
      return isInt(r) ? undefined : `returned ${describe(r)}`;
    case 'ntohl':
    case 'htonl':
      return isInt(r) && r >= 0 && r <= 4294967295 && A.ntohl(r) === args[0] ? undefined : `returned ${r}`;
    case 'ntohs':
    case 'htons':
    case 'getSockName':
    case 'Port':
      return isInt(r) && r >= 0 && r <= 65535 ? undefined : `returned ${r}`;
    case 'getLocalAddr':
    case 'getPeerAddr':
      return Array.isArray(r) && typeof r[0] === 'string' && isInt(r[1]) && r[1] >= 0 && r[1] <= 65535
        ? undefined
        : `returned ${describe(r)}`;
    case 'getAddrString':
    case 'inet_ntoa':
    case 'osErrorMsg':
    case 'getHostname':
      return args.length > 1 && proc === 'getAddrString'
        ? typeof args[1].value === 'string'
          ? undefined
          : 'strAddress.value not a string'
        : typeof r === 'string'
          ? undefined
          : `returned ${describe(r)}`;
    case 'getAddrInfo':
      for (const node of r)
        if (![node.ai_flags, node.ai_family, node.ai_socktype, node.ai_protocol, node.ai_addrlen].every(isInt))
          return 'a node with a non-integer field';
      return undefined;
    case 'getServByName':
    case 'getServByPort':
      return typeof r?.name === 'string' &&
        Array.isArray(r.aliases) &&
        isInt(r.port) &&
        r.port >= 0 &&
        r.port <= 65535 &&
        typeof r.proto === 'string'
        ? undefined
        : `returned ${describe(r)}`;
    case 'getHostByName':
    case 'getHostByAddr':
      return typeof r?.name === 'string' && Array.isArray(r.addrList) && r.addrList.every((a) => typeof a === 'string')
        ? undefined
        : `returned ${describe(r)}`;
    default:
      return undefined;
  }
}
