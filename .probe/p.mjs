import { startEtcd } from '/work/main/dist/src/storage/testing/etcd-server.js';
import { Etcd3 } from 'etcd3';
const srv = await startEtcd();
console.log(srv.endpoint);
const c = new Etcd3({ hosts: srv.endpoint });
try {
  const r0 = await c.kv.range({ key: Buffer.from('x') });
  console.log('range', JSON.stringify(r0));
  const p = await c.kv.txn({ compare: [{ key: Buffer.from('/a'), target: 'Create', result: 'Equal', create_revision: 0 }], success: [{ request_put: { key: Buffer.from('/a'), value: Buffer.from([0,1,2]) } }, { request_range: { key: Buffer.from('/a'), keys_only: true } }] });
  console.log('txn', JSON.stringify(p));
  await c.put('/a').value('v2');
  await c.put('/a').value('v3');
  await c.delete().key('/a');
  await c.kv.compact({ revision: 3, physical: true });
  try { await c.kv.range({ key: Buffer.from('x'), revision: 2 }); } catch (e) { console.log('compacted err', e.constructor.name, e.message); }
  try { await c.kv.range({ key: Buffer.from('x'), revision: 200 }); } catch (e) { console.log('future err', e.constructor.name, e.message); }
  try { await c.kv.compact({ revision: 2 }); } catch (e) { console.log('compact again err', e.constructor.name, e.message); }
  const st = await c.watchClient.watch();
  st.on('data', (d) => console.log('watch data', JSON.stringify(d)));
  st.on('error', (e) => console.log('watch err', e.message));
  st.write({ create_request: { key: Buffer.from('/'), range_end: Buffer.from('0'), start_revision: 1, watch_id: 7, prev_kv: true, fragment: true } });
  st.write({ create_request: { key: Buffer.from('/'), range_end: Buffer.from('0'), start_revision: 3, watch_id: 8, prev_kv: true, fragment: true } });
  await new Promise(r => setTimeout(r, 500));
  st.cancel();
} finally { c.close(); await srv.stop(); }
