// Node only, for the CLI's threads: V8 frees ArrayBuffers lazily, so a thread that passes many
// large buffers through (slices, parts) can hold tens of MB of garbage. `collector(every)` returns
// `add(bytes)`, which runs a full collection after every `every` bytes (a few ms on the CLI's
// small heaps), keeping the peak RSS predictable (bench/RESULTS.md).
import v8 from 'node:v8';
import vm from 'node:vm';

export function collector(every) {
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc');
  let since = 0;
  return (bytes) => {
    since += bytes;
    if (since >= every) {
      since = 0;
      gc();
    }
  };
}
