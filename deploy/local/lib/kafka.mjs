// Apache Kafka, KRaft mode, one combined broker+controller on 127.0.0.1.
// Jars come from Maven Central through `mvn` (deploy/local/kafka/pom.xml) into the user cache.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import {
  HOST,
  InfraError,
  LOCAL_DIR,
  cacheDir,
  logFile,
  mkdirp,
  ports,
  runAsync,
  say,
  stateDir,
  tail,
  tcpConnect,
  tcpRoundTrip,
  versions,
  which,
} from './common.mjs';

export const name = 'kafka';
export const label = 'Kafka';

const READY_TIMEOUT_MS = Number(process.env.YP_KAFKA_READY_TIMEOUT_MS || 120000);

export function portList(profile) {
  const p = ports(profile);
  return [
    { port: p.kafka, env: 'YP_KAFKA_PORT', what: 'Kafka' },
    { port: p.kafkaController, env: 'YP_KAFKA_CONTROLLER_PORT', what: 'Kafka controller' },
  ];
}

export function endpoint(profile) {
  return { brokers: [`${HOST}:${ports(profile).kafka}`] };
}

export function libsDir(version = versions().kafka) {
  return path.join(cacheDir(), `kafka-${version}`, 'libs');
}

/** Class path for the cached jars (also handy for the console tools). */
export function classpath(version = versions().kafka) {
  return path.join(libsDir(version), '*');
}

function javaMajor() {
  if (!which('java')) return null;
  const r = spawnSync('java', ['-version'], { encoding: 'utf8' });
  const m = /version "(\d+)(?:\.(\d+))?/.exec(`${r.stderr}${r.stdout}`);
  if (!m) return null;
  const major = Number(m[1]);
  return major === 1 ? Number(m[2]) : major;
}

export function preflight() {
  const major = javaMajor();
  if (major === null || major < 17) {
    throw new InfraError(
      `Kafka needs Java 17 or newer${major ? ` (found Java ${major})` : ''}: install OpenJDK 17 (apt-get install openjdk-17-jre-headless) and run again.`,
    );
  }
  if (!isProvisioned() && !which('mvn')) {
    throw new InfraError(
      "Kafka's jars are resolved with Maven on first run: install Maven 3.8 or newer (apt-get install maven) and run again.",
    );
  }
}

function isProvisioned(version = versions().kafka) {
  return fs.existsSync(path.join(libsDir(version), '.complete'));
}

export async function provision() {
  const version = versions().kafka;
  if (isProvisioned(version)) return;
  const target = libsDir(version);
  const tmp = `${target}.tmp-${process.pid}`;
  const buildLog = path.join(mkdirp(path.dirname(target)), 'mvn.log');
  say(`Resolving Apache Kafka ${version} jars with mvn (first run only; cached in ${target})...`);
  const t0 = Date.now();
  fs.rmSync(tmp, { recursive: true, force: true });
  await runAsync(
    'mvn',
    [
      '-q',
      '-B',
      '-f',
      path.join(LOCAL_DIR, 'kafka', 'pom.xml'),
      `-Dkafka.version=${version}`,
      'dependency:copy-dependencies',
      '-DincludeScope=runtime',
      `-DoutputDirectory=${tmp}`,
    ],
    { what: `mvn resolving Kafka ${version}`, logTo: buildLog },
  ).catch((e) => {
    fs.rmSync(tmp, { recursive: true, force: true });
    throw e;
  });
  if (!fs.existsSync(path.join(tmp, `kafka_2.13-${version}.jar`))) {
    throw new InfraError(`mvn finished but kafka_2.13-${version}.jar is missing in ${tmp}; see ${buildLog}.`);
  }
  fs.writeFileSync(path.join(tmp, '.complete'), `${new Date().toISOString()}\n`);
  fs.rmSync(target, { recursive: true, force: true });
  fs.renameSync(tmp, target);
  say(`Kafka ${version} jars resolved in ${((Date.now() - t0) / 1000).toFixed(1)} s.`);
}

/** Kafka's Uuid string form: 16 random bytes, URL-safe base64 without padding. */
function newClusterId() {
  return crypto.randomBytes(16).toString('base64url');
}

function writeConfig(profile) {
  const dir = mkdirp(path.join(stateDir(profile), 'kafka'));
  const dataDir = path.join(dir, 'data');
  const p = ports(profile);
  const props = {
    'process.roles': 'broker,controller',
    'node.id': '1',
    'controller.quorum.voters': `1@${HOST}:${p.kafkaController}`,
    listeners: `PLAINTEXT://${HOST}:${p.kafka},CONTROLLER://${HOST}:${p.kafkaController}`,
    'advertised.listeners': `PLAINTEXT://${HOST}:${p.kafka}`,
    'controller.listener.names': 'CONTROLLER',
    'inter.broker.listener.name': 'PLAINTEXT',
    'listener.security.protocol.map': 'PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
    'log.dirs': dataDir,
    'num.partitions': '3',
    'default.replication.factor': '1',
    'min.insync.replicas': '1',
    'offsets.topic.replication.factor': '1',
    'offsets.topic.num.partitions': '3',
    'transaction.state.log.replication.factor': '1',
    'transaction.state.log.min.isr': '1',
    'transaction.state.log.num.partitions': '3',
    'share.coordinator.state.topic.replication.factor': '1',
    'share.coordinator.state.topic.min.isr': '1',
    'group.initial.rebalance.delay.ms': '0',
    'auto.create.topics.enable': 'false',
    'delete.topic.enable': 'true',
    'num.network.threads': '2',
    'num.io.threads': '4',
    'log.retention.hours': '168',
    'log.segment.bytes': String(64 * 1024 * 1024),
  };
  const file = path.join(dir, 'server.properties');
  fs.writeFileSync(
    file,
    '# Generated by deploy/local/infra.mjs on every start; edit the script, not this file.\n' +
      Object.entries(props)
        .map(([k, v]) => `${k}=${v}`)
        .join('\n') +
      '\n',
  );
  const log4j = path.join(dir, 'log4j2.properties');
  fs.writeFileSync(
    log4j,
    [
      '# Generated by deploy/local/infra.mjs. Everything goes to stdout, which is the log file.',
      'status = warn',
      'appender.out.type = Console',
      'appender.out.name = STDOUT',
      'appender.out.layout.type = PatternLayout',
      'appender.out.layout.pattern = [%d] %p %m (%c)%n',
      'rootLogger.level = INFO',
      'rootLogger.appenderRef.out.ref = STDOUT',
      ...[
        'kafka.request.logger',
        'kafka.network.RequestChannel$',
        'state.change.logger',
        'kafka.log.LogCleaner',
        'org.apache.kafka.storage.internals.log.LogCleaner',
        'kafka.authorizer.logger',
        'org.apache.kafka.clients',
        'org.apache.kafka.common.utils.AppInfoParser',
        'org.apache.kafka.common.config.AbstractConfig',
        'org.apache.kafka.common.metrics',
        'kafka.server.metadata',
        'org.apache.kafka.image',
        'org.apache.kafka.raft',
        'kafka.raft',
        'org.apache.kafka.controller',
        'kafka.log.UnifiedLog',
        'org.apache.kafka.storage.internals.log',
      ].flatMap((l, i) => [`logger.q${i}.name = ${l}`, `logger.q${i}.level = WARN`]),
      '',
    ].join('\n'),
  );
  return { dir, dataDir, file, log4j };
}

function javaBase(log4j) {
  return [
    '-Xms256m',
    '-Xmx512m',
    '-XX:+UseG1GC',
    '-XX:MaxGCPauseMillis=20',
    '-XX:InitiatingHeapOccupancyPercent=35',
    '-XX:+ExplicitGCInvokesConcurrent',
    '-XX:+ExitOnOutOfMemoryError',
    '-Djava.awt.headless=true',
    `-Dlog4j2.configurationFile=${log4j}`,
    '-Dlog4j2.formatMsgNoLookups=true',
  ];
}

async function formatIfNeeded(profile, cfg) {
  const version = versions().kafka;
  if (fs.existsSync(path.join(cfg.dataDir, 'meta.properties'))) return; // never reformat existing storage
  const idFile = path.join(cfg.dir, 'cluster.id');
  let clusterId = fs.existsSync(idFile) ? fs.readFileSync(idFile, 'utf8').trim() : '';
  if (!clusterId) {
    clusterId = newClusterId();
    fs.writeFileSync(idFile, `${clusterId}\n`);
  }
  say(`Formatting Kafka storage in ${cfg.dataDir} (cluster id ${clusterId})...`);
  await runAsync(
    'java',
    [
      ...javaBase(cfg.log4j).filter((a) => !a.startsWith('-Xm')),
      '-Xmx256m',
      '-cp',
      classpath(version),
      'kafka.tools.StorageTool',
      'format',
      '-t',
      clusterId,
      '-c',
      cfg.file,
      '--ignore-formatted',
    ],
    { what: 'Kafka storage format', logTo: logFile(profile, 'kafka') },
  );
}

/** Returns { cmd, args, marker } to spawn; formats storage the first time. */
function cmpVersion(a, b) {
  const pa = a.split(/[.-]/).map(Number);
  const pb = b.split(/[.-]/).map(Number);
  for (let i = 0; i < 3; i++) if ((pa[i] || 0) !== (pb[i] || 0)) return (pa[i] || 0) - (pb[i] || 0);
  return 0;
}

/** Storage written by a newer Kafka can't be read by an older one: say so instead of crashing. */
function checkDowngrade(profile) {
  const version = versions().kafka;
  const dir = path.join(stateDir(profile), 'kafka');
  let previous = '';
  try {
    previous = fs.readFileSync(path.join(dir, 'version'), 'utf8').trim();
  } catch {
    return;
  }
  if (previous && fs.existsSync(path.join(dir, 'data', 'meta.properties')) && cmpVersion(version, previous) < 0) {
    throw new InfraError(
      `Kafka data in ${dir} was written by Kafka ${previous}, which ${version} cannot read: set YP_KAFKA_VERSION=${previous}, or delete that folder to start empty.`,
    );
  }
}

export async function prepare(profile) {
  checkDowngrade(profile);
  const cfg = writeConfig(profile);
  await formatIfNeeded(profile, cfg);
  const vf = path.join(cfg.dir, 'version');
  const prev = fs.existsSync(vf) ? fs.readFileSync(vf, 'utf8').trim() : '';
  if (!prev || cmpVersion(versions().kafka, prev) > 0) fs.writeFileSync(vf, `${versions().kafka}\n`);
  return {
    cmd: 'java',
    args: [...javaBase(cfg.log4j), '-cp', classpath(), 'kafka.Kafka', cfg.file],
    marker: cfg.file,
    cwd: cfg.dir,
  };
}

/** ApiVersions v0 round trip: proves the broker answers the Kafka protocol. */
async function apiVersionsOk(port) {
  const clientId = Buffer.from('yp-infra');
  const body = Buffer.alloc(2 + 2 + 4 + 2 + clientId.length);
  body.writeInt16BE(18, 0); // ApiVersions
  body.writeInt16BE(0, 2); // v0
  body.writeInt32BE(7, 4); // correlation id
  body.writeInt16BE(clientId.length, 8);
  clientId.copy(body, 10);
  const req = Buffer.concat([Buffer.from([0, 0, 0, 0]), body]);
  req.writeInt32BE(body.length, 0);
  try {
    const res = await tcpRoundTrip(port, req);
    return res.readInt32BE(4) === 7 && res.readInt16BE(8) === 0;
  } catch {
    return false;
  }
}

/** Ready = TCP + ApiVersions answered + the "Kafka Server started" log line since `logOffset`. */
export async function ready(profile, { logOffset = 0 } = {}) {
  const port = ports(profile).kafka;
  if (!(await tcpConnect(port))) return false;
  if (!(await apiVersionsOk(port))) return false;
  if (logOffset < 0) return true; // already running: the protocol answer is enough
  return startedSince(logFile(profile, 'kafka'), logOffset);
}

function startedSince(file, offset) {
  try {
    const fd = fs.openSync(file, 'r');
    try {
      const size = fs.fstatSync(fd).size;
      const buf = Buffer.alloc(Math.max(0, size - offset));
      fs.readSync(fd, buf, 0, buf.length, offset);
      return /Kafka ?Server started|\[KafkaServer id=\d+\] started|\[KafkaRaftServer nodeId=\d+\] Kafka Server started/.test(
        buf.toString('utf8'),
      );
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return false;
  }
}

export const readyTimeoutMs = READY_TIMEOUT_MS;
export const stopGraceMs = 30000;

export function describe(profile) {
  const p = ports(profile);
  return `Kafka ${versions().kafka}  bootstrap ${HOST}:${p.kafka} (controller ${p.kafkaController})`;
}

export function failureHint(profile) {
  return tail(logFile(profile, 'kafka'), 30);
}
