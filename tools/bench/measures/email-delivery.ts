// Measure 3: email. Organisations are created through the gateway in a municipality with four
// liaison officers, so each create is four emails, and the benchmark reads from the SMTP server
// when each was accepted (tools/bench/mailbox.ts).
// - Throughput: a burst of creates, as fast as the write path takes them, queues emails faster
//   than they can go; the steady-state rate at which the SMTP server accepts them (the middle 80 %
//   of their acceptance times) is the queue's throughput. Target ≥ 100 emails/s.
// - Latency: then, with the queue empty (the burst's emails all accepted, or the wait over),
//   creates at a steady rate (20/s) for a while; each email's time from its create's 201 to its
//   acceptance. Target: p99 < 1 s. An email that has not arrived when the wait ends counts as
//   slower than any that did.
import { row, type BenchContext } from '../bench-context';
import type { ReceivedEmail } from '../mailbox';
import type { ResultRow } from '../report';
import { median, percentile, steadyRatePerSecond } from '../stats';

interface Phase {
  /** Create number → when its 201 came (epoch ms). */
  readonly createdAt: Map<number, number>;
  /** Milliseconds from sending a create to its 201. */
  readonly createMs: number[];
}

interface Arrivals {
  /** `${officer}|${create number}` → acceptance times (more than one is a duplicate). */
  readonly byKey: Map<string, number[]>;
  readonly emails: ReceivedEmail[];
}

const now = () => performance.timeOrigin + performance.now();

export async function measureEmailDelivery(ctx: BenchContext, municipality: string, officers: readonly string[]): Promise<ResultRow[]> {
  const { options, system } = ctx;
  const runId = system.runId;
  const subjectPattern = new RegExp(`Postimittaus ${runId} ([bl])-(\\d+)`);
  const expected = (phase: Phase) => phase.createdAt.size * officers.length;

  const create = async (tag: string, n: number, phase: Phase) => {
    const body = { kind: 'association', name: { fi: `Postimittaus ${runId} ${tag}-${n}` }, municipalities: [municipality] };
    const sent = now();
    await ctx.gateway.call('POST', '/organisations', body, 201);
    const at = now();
    phase.createdAt.set(n, at);
    phase.createMs.push(at - sent);
  };

  const arrivals = async (tag: string): Promise<Arrivals> => {
    const byKey = new Map<string, number[]>();
    const emails: ReceivedEmail[] = [];
    for (const officer of officers) {
      for (const email of await ctx.mailbox.to(officer)) {
        const match = subjectPattern.exec(email.subject);
        if (!match || match[1] !== tag) continue;
        emails.push(email);
        const key = `${officer}|${match[2]}`;
        byKey.set(key, [...(byKey.get(key) ?? []), email.acceptedAt]);
      }
    }
    return { byKey, emails };
  };

  /** Waits (checking every second) until every email of the phase arrived or `emailWaitSeconds` passed. */
  const awaitEmails = async (tag: string, phase: Phase): Promise<Arrivals> => {
    const deadline = Date.now() + options.emailWaitSeconds * 1000;
    for (;;) {
      const found = await arrivals(tag);
      if (found.byKey.size >= expected(phase) || Date.now() > deadline) return found;
      await new Promise((r) => setTimeout(r, 1000));
    }
  };

  const cleanUp: ReceivedEmail[] = [];
  try {
    // Throughput: a burst, as many creates in flight as autocannon has connections elsewhere.
    const burst: Phase = { createdAt: new Map(), createMs: [] };
    ctx.say(`  throughput: a burst of ${options.emailBurst} creates (${options.emailBurst * officers.length} emails)`);
    let next = 0;
    await Promise.all(
      Array.from({ length: options.connections }, async () => {
        while (next < options.emailBurst) await create('b', next++, burst);
      }),
    );
    const burstArrivals = await awaitEmails('b', burst);
    cleanUp.push(...burstArrivals.emails);
    const throughput = steadyRatePerSecond([...burstArrivals.byKey.values()].map((times) => Math.min(...times)));

    // Latency: an open loop of creates at the rate asked for (each sent on time, not after the last answer).
    const steady: Phase = { createdAt: new Map(), createMs: [] };
    const count = Math.max(1, Math.round(options.emailRate * options.emailSeconds));
    ctx.say(`  latency: ${count} creates at ${options.emailRate}/s (${count * officers.length} emails)`);
    const t0 = performance.now();
    const creates: Promise<void>[] = [];
    for (let n = 0; n < count; n++) {
      const due = t0 + (n * 1000) / options.emailRate;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      creates.push(create('l', n, steady));
    }
    await Promise.all(creates);
    const steadyArrivals = await awaitEmails('l', steady);
    cleanUp.push(...steadyArrivals.emails);

    const latencies: number[] = [];
    for (const officer of officers) {
      for (const [n, createdAt] of steady.createdAt) {
        const accepted = steadyArrivals.byKey.get(`${officer}|${n}`);
        latencies.push(accepted ? Math.min(...accepted) - createdAt : Number.POSITIVE_INFINITY);
      }
    }
    const arrived = latencies.filter(Number.isFinite).length;
    const duplicates = [...burstArrivals.byKey.values(), ...steadyArrivals.byKey.values()].filter((t) => t.length > 1).length;
    const p99 = percentile(latencies, 99);
    const duplicateNote = duplicates > 0 ? `; ${duplicates} emails arrived more than once` : '';
    return [
      row(options, {
        id: 'email.throughput',
        measure: 3,
        title: `email throughput to the SMTP server (burst of ${options.emailBurst} creates × ${officers.length} officers)`,
        figures: {
          'steady state': { value: throughput ?? Number.NaN, unit: 'emails/s' },
          arrived: { value: burstArrivals.byKey.size, unit: `of ${expected(burst)}` },
        },
        ratio: null,
        checked: throughput ?? Number.NaN,
        target: { op: '>=', value: 100, text: '≥ 100 emails/s' },
        rounds: [{ expected: expected(burst), arrived: burstArrivals.byKey.size, createP99Ms: percentile(burst.createMs, 99) }],
        note: `the rate between the 10th and the 90th percentile of acceptance times${duplicateNote}`,
      }),
      row(options, {
        id: 'email.latency',
        measure: 3,
        title: `email latency, 201 → accepted by SMTP (${options.emailRate} creates/s for ${options.emailSeconds} s × ${officers.length} officers)`,
        figures: {
          p99: {
            value: Number.isFinite(p99) ? p99 : options.emailWaitSeconds * 1000,
            unit: Number.isFinite(p99) ? 'ms' : 'ms (more than)',
          },
          median: { value: median(latencies), unit: 'ms' },
          'create p99': { value: percentile(steady.createMs, 99), unit: 'ms' },
          arrived: { value: arrived, unit: `of ${latencies.length}` },
        },
        ratio: null,
        checked: p99,
        target: { op: '<', value: 1000, text: 'p99 < 1 000 ms' },
        rounds: [{ expected: latencies.length, arrived, latenciesMs: latencies.map((l) => (Number.isFinite(l) ? Math.round(l) : null)) }],
        ...(arrived < latencies.length
          ? {
              note: `${latencies.length - arrived} of ${latencies.length} emails had not arrived ${options.emailWaitSeconds} s after the last create${duplicateNote}`,
            }
          : duplicates > 0
            ? { note: duplicateNote.slice(2) }
            : {}),
      }),
    ];
  } finally {
    await ctx.mailbox.delete(cleanUp.map((e) => e.id));
  }
}
