#!/usr/bin/env node
// Runs nginx in the foreground for the end-to-end tests (Playwright's webServer starts it).
//
//   node tests/e2e/nginx-launch.js sample PORT DIST   deploy/nginx.conf, placeholders filled in
//   node tests/e2e/nginx-launch.js plain  PORT DIST   a "plain file host": root and
//                                                     error_page 404 /404.html, nothing else
//                                                     (what GitHub Pages or Codeberg Pages do)
//
// Everything nginx writes (pid, error log, temp dirs) stays in target/nginx/<mode>-<port>/,
// so it never touches /etc/nginx or /var. Listens on 127.0.0.1 only.
'use strict';

const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const repo = path.resolve(__dirname, '..', '..');
const [mode, port, distArg] = process.argv.slice(2);
if (!['sample', 'plain'].includes(mode) || !/^\d+$/.test(port || '') || !distArg) {
  console.error('usage: nginx-launch.js sample|plain PORT DIST');
  process.exit(2);
}
const dist = path.resolve(repo, distArg);
if (!fs.existsSync(path.join(dist, 'index.html'))) {
  console.error(`nginx-launch: ${dist}/index.html is missing; build the app first (scripts/build)`);
  process.exit(1);
}

const nginx = ['/usr/sbin/nginx', '/usr/local/sbin/nginx', '/usr/bin/nginx'].find((p) => fs.existsSync(p)) || 'nginx';
const mimeTypes = ['/etc/nginx/mime.types', '/usr/local/etc/nginx/mime.types', '/usr/local/nginx/conf/mime.types']
  .find((p) => fs.existsSync(p));

const prefix = path.join(repo, 'target', 'nginx', `${mode}-${port}`);
fs.rmSync(prefix, { recursive: true, force: true });
fs.mkdirSync(path.join(prefix, 'logs'), { recursive: true });
for (const dir of ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) {
  fs.mkdirSync(path.join(prefix, 'temp', dir), { recursive: true });
}

const listen = `127.0.0.1:${port}`;
let site;
if (mode === 'sample') {
  const template = fs.readFileSync(path.join(repo, 'deploy', 'nginx.conf'), 'utf8');
  site = template.replaceAll('__DIST__', dist).replaceAll('__PORT__', listen);
} else {
  site = `server {
    listen ${listen};
    root ${dist};
    access_log off;
    error_page 404 /404.html;
}
`;
}
const sitePath = path.join(prefix, 'site.conf');
fs.writeFileSync(sitePath, site);

// The main config around the site, like Debian's /etc/nginx/nginx.conf but self-contained.
// As root, nginx would switch its workers to "nobody"; keep them as root so that they can
// read the checkout wherever it is (they only listen on 127.0.0.1, for the tests).
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const t = (d) => path.join(prefix, 'temp', d);
const main = `${isRoot ? 'user root;\n' : ''}worker_processes 1;
pid ${path.join(prefix, 'nginx.pid')};
error_log ${path.join(prefix, 'logs', 'error.log')} warn;
events { worker_connections 256; }
http {
    ${mimeTypes ? `include ${mimeTypes};` : ''}
    default_type application/octet-stream;
    sendfile on;
    access_log off;
    client_body_temp_path ${t('client_body')};
    proxy_temp_path ${t('proxy')};
    fastcgi_temp_path ${t('fastcgi')};
    uwsgi_temp_path ${t('uwsgi')};
    scgi_temp_path ${t('scgi')};
    include ${sitePath};
}
`;
const mainPath = path.join(prefix, 'nginx.conf');
fs.writeFileSync(mainPath, main);

const args = ['-p', prefix, '-c', mainPath, '-g', 'daemon off;'];
const check = spawnSync(nginx, ['-t', ...args], { encoding: 'utf8' });
if (check.status !== 0) {
  console.error(`nginx-launch: ${mainPath} does not pass nginx -t:\n${check.stderr}`);
  process.exit(1);
}

const child = spawn(nginx, args, { stdio: 'inherit' });
// Playwright stops its web servers with SIGTERM/SIGINT (or kills the process group):
// pass a graceful stop on to nginx and leave when it has gone.
for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP']) {
  process.on(signal, () => child.kill('SIGQUIT'));
}
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
