// Where the end-to-end tests' servers listen. Shared by playwright.config.js and the specs.
// LERNORT_E2E_PORT moves all four (to base … base+3), e.g. when 8181–8184 are taken. Two
// specs start gateways of their own: floor.spec.js on base+4, offline.spec.js on base+6,
// kiosk.spec.js on base+8 (base+5 and base+7 are the benchmarks'). The gateway on the
// hostile data (hostile.spec.js) listens on base+10.
'use strict';

const base = Number(process.env.LERNORT_E2E_PORT || 8181);

const ports = {
  gateway: base, // lernort-gateway on dist/
  subpath: base + 1, // lernort-gateway on target/dist-subpath, --base /lernort/
  nginx: base + 2, // nginx with deploy/nginx.conf on dist/
  plain: base + 3, // nginx as a plain file host (error_page 404 /404.html) on dist/
  hostile: base + 10, // lernort-gateway on target/dist-hostile (scripts/test makes it)
};

const urls = {
  gateway: `http://127.0.0.1:${ports.gateway}`,
  subpath: `http://127.0.0.1:${ports.subpath}`,
  nginx: `http://127.0.0.1:${ports.nginx}`,
  plain: `http://127.0.0.1:${ports.plain}`,
  hostile: `http://127.0.0.1:${ports.hostile}`,
};

module.exports = { ports, urls };
