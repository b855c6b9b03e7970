import { loadRawBackend } from '../dist/runtime/backends.js';
const N = 2e6;
for (const name of ['napi', 'koffi']) {
  const b = loadRawBackend(name);
  const sv = b.getservbyname('http', 'tcp');
  const sn = new DataView(b.peek(sv, 32).buffer).getBigUint64(0, true);
  const res = new BigUint64Array(1); const hints = new Uint8Array(48); hints[0]=4; hints[4]=2;
  b.getaddrinfo('127.0.0.1','80',hints,res);
  const bench = (label, f) => { for (let i=0;i<2e5;i++) f(); const t=process.hrtime.bigint(); for (let i=0;i<N;i++) f(); return `${label} ${(Number(process.hrtime.bigint()-t)/N).toFixed(0)} ns`; };
  const out = [];
  for (let rep = 0; rep < 3; rep++) out.push(bench('peek48', () => b.peek(res[0], 48)), bench('peekCString', () => b.peekCString(sn)));
  console.log(name, out.join(' | '));
  b.freeaddrinfo(res[0]);
}
