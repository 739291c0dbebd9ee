#!/usr/bin/env node
'use strict';
// `npm install` on this machine drops optional dependencies built for other platforms when the registry
// here does not serve them (chdb's darwin and linux-arm64 engines), and `npm ci` then refuses the lock
// file as out of sync. This restores their lock entries (platform-restricted, so npm never fetches them
// on linux-x64). Run it after every `npm install` that changes package-lock.json.
const fs = require('node:fs');
const path = require('node:path');

const lockPath = path.resolve(__dirname, '..', '..', 'package-lock.json');
const lock = JSON.parse(fs.readFileSync(lockPath, 'utf8'));
const packages = lock.packages;
let added = 0;
for (const [location, entry] of Object.entries(packages)) {
  for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
    const target = location === '' ? `node_modules/${name}` : `${location}/node_modules/${name}`;
    const hoisted = `node_modules/${name}`;
    if (packages[target] || packages[hoisted]) continue;
    const platform = /-(darwin|linux|win32)-(arm64|x64|ia32)(?:-(gnu|musl))?$/.exec(name);
    if (!platform) continue; // only platform builds are safe to record without resolving them
    packages[hoisted] = {
      version,
      cpu: [platform[2]],
      ...(platform[3] ? { libc: [platform[3] === 'gnu' ? 'glibc' : 'musl'] } : {}),
      optional: true,
      os: [platform[1]],
    };
    added++;
  }
}
const sorted = Object.fromEntries(Object.entries(packages).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
lock.packages = sorted;
fs.writeFileSync(lockPath, `${JSON.stringify(lock, null, 2)}\n`);
console.log(
  `package-lock.json: ${added} foreign-platform optional entr${added === 1 ? 'y' : 'ies'} restored`,
);
