const B=require('better-sqlite3');const fs=require('fs');
const { openSqliteStore } = require('@depledger/store-sqlite');
const src=new B('/tmp/k.db',{readonly:true});
const rows=src.prepare("select stream_name, revision, event_id, type, data, metadata from events where stream_name like 'dep-device-%' order by position").raw().all();
const docs=src.prepare("select key, doc from read_model_documents").raw().all().map(r=>({key:r[0], doc:JSON.parse(r[1])}));
const events=rows.map(r=>({stream:r[0], e:{type:r[3], data:JSON.parse(r[4]), metadata:JSON.parse(r[5])}}));
(async()=>{
for (const mode of ['events-only','with-docs']) {
  for (const f of ['/tmp/s.db','/tmp/s.db-wal','/tmp/s.db-shm']) try{fs.unlinkSync(f)}catch{}
  const store = openSqliteStore({path:'/tmp/s.db', vaultKey: Buffer.alloc(32,1)});
  const address = await store.readModels.createVersion('device-status', 1);
  let t=performance.now(); let inAppend=0, inDocs=0, cp=0;
  for (let p=0;p<events.length;p+=1000) {
    const batch=events.slice(p,p+1000);
    const t0=performance.now();
    await store.events.appendToStreams(batch.map(x=>({streamName:x.stream, events:[x.e], expectedRevision:'no_stream'})));
    inAppend+=performance.now()-t0;
    if (mode==='with-docs') { const t1=performance.now(); await store.readModels.commit(address, {expectedCheckpoint: cp, checkpoint: cp+1000, changes: docs.slice(p,p+1000)}); cp+=1000; inDocs+=performance.now()-t1; }
  }
  console.log(mode, 'total', (performance.now()-t).toFixed(0),'ms; appends', inAppend.toFixed(0), 'ms; docs', inDocs.toFixed(0), 'ms', 'wal', fs.statSync('/tmp/s.db-wal').size);
  await store.close();
}})();
