// A primary of server/cluster.ts that Node fails to write to one of its workers, as Node's cluster does when it
// answers a listen, or hands a connection over, to a worker that has just died. Prints `survived` once the
// primary has outlived the failed write (server/cluster.test.ts). Run with `node --import tsx`.
import cluster from 'node:cluster';
import { runPrimary } from '../../server/cluster.ts';

if (cluster.isWorker) {
  process.exit(0); // ends before it listens, like a worker killed while it starts
} else {
  runPrimary(1);
  cluster.once('exit', (worker) => {
    worker.send('hello'); // its channel is closed: Node emits 'error' on the worker, on the next tick
    setImmediate(() => {
      console.log('survived');
      process.exit(0);
    });
  });
}
