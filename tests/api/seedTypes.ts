// The seed names that are types only in TypeScript: `make typecheck` fails if
// the package stops exporting one of them.
import type {
  AddrInfo,
  Hostent,
  OSErrorCode,
  Port,
  Servent,
  SocketHandle,
  SockLen,
} from '../../generated/entries/index.js';

export type SeedTypeNames = [AddrInfo, Hostent, Servent, SocketHandle, SockLen, Port, OSErrorCode];
