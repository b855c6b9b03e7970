// What the Nim logic needs from its environment: the raw backend and the
// running platform's values. Built once per backend.
import {
  type CConstants,
  CONSTANTS,
  ENUM_OS_VALUES,
  type EnumOsValues,
  PLATFORMS,
  type PlatformInfo,
  type PlatformName,
} from '../generated/platformTables.js';
import type { RawBackend } from '../generated/rawBackend.js';
import { currentPlatform } from './platform.js';

export interface RuntimeContext {
  readonly raw: RawBackend;
  readonly platform: PlatformName;
  readonly info: PlatformInfo;
  /** Every spec constant's value on this platform. */
  readonly C: CConstants;
  /** The OS value of every enum member on this platform. */
  readonly enums: EnumOsValues;
}

export function createContext(raw: RawBackend, platform: PlatformName = currentPlatform()): RuntimeContext {
  return { raw, platform, info: PLATFORMS[platform], C: CONSTANTS[platform], enums: ENUM_OS_VALUES[platform] };
}
