// Loaded into the Argus process by the benchmark (NODE_OPTIONS=--require, only with BENCH_CPU_PROF=1):
// the first SIGWINCH starts V8's sampling profiler, the second writes the profile to
// $ARGUS_BENCH_CPU_PROFILE (open it in Chrome DevTools or speedscope). Not --cpu-prof: Nest re-raises
// SIGTERM after its shutdown hooks and a process killed by a signal writes no profile. Not SIGUSR2: Nest
// treats it as a shutdown signal; SIGWINCH is ignored by default, so a stray one harms nothing.
'use strict';
const inspector = require('node:inspector');
const { writeFileSync } = require('node:fs');

const target = process.env.ARGUS_BENCH_CPU_PROFILE;
if (target) {
  const session = new inspector.Session();
  session.connect();
  let running = false;
  process.on('SIGWINCH', () => {
    if (!running) {
      running = true;
      session.post('Profiler.enable', () =>
        session.post('Profiler.setSamplingInterval', { interval: 500 }, () => session.post('Profiler.start')),
      );
      return;
    }
    session.post('Profiler.stop', (error, result) => {
      if (error) process.stderr.write(`cpu profile failed: ${error.message}\n`);
      else writeFileSync(target, JSON.stringify(result.profile));
    });
  });
}
