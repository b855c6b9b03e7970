// Nim's `Port = distinct uint16`: a checked constructor over a branded number.
import type { Port as PortType } from '../generated/api.js';
import { checkUint16 } from './check.js';

/** Nim's `Port = distinct uint16`: a branded number in 0..65535 that only `Port(n)` makes. */
export type Port = PortType;

/** Makes a Port; `TypeError` unless `n` is a number, `RangeError` unless it is an integer in 0..65535. */
export function Port(n: number): Port {
  return checkUint16(n, 'Port', 'the port') as Port;
}
