import { odliTexts as T } from "../../messages/areas/odli.ts";
import { say } from "../../messages/text.ts";
import { describeError } from "../../kernel/describe-error.ts";
import { redactPersonalData } from "../../privacy/redact.ts";
import { formatManual } from "../../kernel/zoned-time.ts";
import type { Config } from "../../config/schema.ts";
import type { MainDb, OdliOpenOrder, OdliReferral } from "../../clinic/port.ts";
import type { ThreadHandle } from "../../threads/thread-manager.ts";
import { OdliClient, OdliError } from "../../odli/odli-client.ts";
import {
  type CodeMap,
  codeMapOf,
  type DictionaryVersions,
  type ObservationView,
  ORDER_DICTIONARIES,
  orderStatusOf,
  referencesOf,
  referenceId,
  referralBundle,
  resultRows,
} from "../../odli/mapping.ts";
import type { TaskContext, TaskDefinition } from "../task.ts";
import { problemsText } from "./problems.ts";

/** Referrals (and open orders) read per page: memory stays bounded by it whatever the queue. */
const PAGE = 200;
const HOUR = 3_600_000;

/** Thrown to end the run at once: a 401 (wrong or expired token) — nothing is retried in a loop. */
class StopRun extends Error {}

interface Counts {
  total: number;
  sent: number;
  refused: number;
  parked: number;
  held: number;
  results: number;
}

/**
 * «ЛИС» (TLISThread): the LIS job of the manual, against Netrika's ОДЛИ.
 * 1. Dictionary versions from the terminology service, refreshed when older
 *    than `odli.dictionary_max_age_hours` and stored with the time fetched.
 * 2. Referrals left "being sent" by an earlier run are settled first by
 *    asking ОДЛИ (`$getorder` by the MIS id): recorded if it has them, sent
 *    again only if it has not — nothing is sent twice.
 * 3. Waiting referrals to labs reached through ОДЛИ go out one transaction
 *    bundle each; the Order id is recorded. A refusal keeps its
 *    OperationOutcome (redacted), is retried next run and parked after
 *    `odli.max_attempts`; a referral that cannot be mapped (no SNILS or
 *    policy, an unmapped code, a Latin-only name, too large) waits with the
 *    reason, not counted as a refusal.
 * 4. Results of open orders (`$getresult`, then the reports, observations,
 *    performer and PDF they reference) go into the result tables with the
 *    order's status, each report once.
 */
export const lisTask: TaskDefinition = {
  name: "lis",
  async run(ctx) {
    const counts: Counts = { total: 0, sent: 0, refused: 0, parked: 0, held: 0, results: 0 };
    let ok = false;
    let configured = true;
    const state = await ctx.thread("TLISThread", async (thread) => {
      const odli = ctx.config.odli;
      if (!odli.url) {
        configured = false;
        thread.log.warn(say(T.notConfiguredJob));
        return;
      }
      const client = OdliClient.fromConfig(odli, { warn: (m) => thread.log.warn(m) });
      try {
        ok = await new LisRun(ctx, thread, await ctx.services.mainDb(), client, counts).run();
      } finally {
        client.close();
      }
    });
    if (!configured) return { ok: false, summary: say(T.summaryNotConfigured) };
    const summary = say(T.summary, counts);
    return { ok: state === "finished" && ok, summary: state === "finished" ? summary : `${say(T.summaryFailed)}; ${summary}` };
  },
};

class LisRun {
  private readonly odli: Config["odli"];
  private codeMap: CodeMap | undefined;

  constructor(
    private readonly ctx: TaskContext,
    private readonly thread: ThreadHandle,
    private readonly db: MainDb,
    private readonly client: OdliClient,
    private readonly counts: Counts,
  ) {
    this.odli = ctx.config.odli;
  }

  /** Answers whether the run did its work. */
  async run(): Promise<boolean> {
    try {
      const versions = await this.dictionaryVersions();
      let sending = true;
      if (versions) sending = await this.send(versions);
      const results = await this.fetchResults();
      return versions !== undefined && sending && results;
    } catch (error) {
      if (error instanceof StopRun) return false;
      throw error;
    }
  }

  private get log() {
    return this.thread.log;
  }

  private unauthorized = false;

  /** A 401 ends the run with its line (once, however many sends in flight met it); any other error is the caller's. */
  private stopIfUnauthorized(error: unknown): void {
    if (error instanceof OdliError && error.kind === "unauthorized") {
      if (!this.unauthorized) this.log.error(say(T.stoppedUnauthorized, { detail: error.message }));
      this.unauthorized = true;
      throw new StopRun();
    }
  }

  // 1. Dictionary versions -----------------------------------------------------

  private async dictionaryVersions(): Promise<DictionaryVersions | undefined> {
    this.log.info(say(T.versionsStarted));
    try {
      const now = this.ctx.clock.now();
      const stored = new Map((await this.db.odli.dictionaryVersions()).map((v) => [v.dictionary, v]));
      const maxAge = this.odli.dictionary_max_age_hours * HOUR;
      const stale = ORDER_DICTIONARIES.filter((d) => !stored.has(d) || now - stored.get(d)!.fetchedAt.getTime() >= maxAge);
      const current = Object.fromEntries([...stored.values()].map((v) => [v.dictionary, v.version]));
      if (stale.length === 0) {
        this.log.info(say(T.versionsFresh, { count: ORDER_DICTIONARIES.length, hours: this.odli.dictionary_max_age_hours }));
        return current;
      }
      try {
        const fetched = [];
        for (const oid of stale) {
          this.thread.checkpoint();
          const version = await this.client.dictionaryVersion(oid, this.thread.signal);
          if (!version) throw new Error(say(T.versionUnknown, { oid }));
          fetched.push({ dictionary: oid, version, fetchedAt: new Date(now) });
        }
        await this.db.odli.saveDictionaryVersions(fetched);
        const changed = fetched.filter((f) => stored.has(f.dictionary) && stored.get(f.dictionary)!.version !== f.version);
        if (fetched.every((f) => !stored.has(f.dictionary))) {
          this.log.info(say(T.versionsFetched, { count: fetched.length, list: fetched.map((f) => `${f.dictionary} ${f.version}`).join(", ") }));
        } else {
          this.log.info(say(T.versionsRefreshed, { count: fetched.length, changed: changed.map((c) => `${c.dictionary} ${stored.get(c.dictionary)!.version} → ${c.version}`).join(", ") }));
        }
        for (const f of fetched) current[f.dictionary] = f.version;
        return current;
      } catch (error) {
        this.stopIfUnauthorized(error);
        if (this.thread.signal.aborted) throw error;
        const detail = describeError(error);
        const missing = ORDER_DICTIONARIES.filter((d) => !stored.has(d));
        if (this.odli.use_stored_versions && missing.length === 0) {
          const oldest = Math.min(...[...stored.values()].map((v) => v.fetchedAt.getTime()));
          this.log.warn(say(T.versionsFailedStored, { detail, oldest: formatManual(oldest, this.ctx.config.timezone) }));
          return current;
        }
        const why = this.odli.use_stored_versions ? `${detail}; ${say(T.versionsMissing, { list: missing.join(", ") })}` : detail;
        this.log.error(say(T.versionsFailedStop, { detail: why }));
        return undefined;
      }
    } finally {
      this.log.info(say(T.versionsStopped));
    }
  }

  // 2–3. Referrals -------------------------------------------------------------

  private async codes(): Promise<CodeMap> {
    this.codeMap ??= codeMapOf(await this.db.odli.allCodes());
    return this.codeMap;
  }

  /** Answers false when sending had to stop (the service unreachable). */
  private async send(versions: DictionaryVersions): Promise<boolean> {
    this.log.info(say(T.sendingStarted));
    const c = this.counts;
    try {
      if (!(await this.settleInFlight())) return false;
      c.total = await this.db.odli.pendingCount();
      this.thread.progress(0, c.total);
      const codeMap = await this.codes();
      let done = 0;
      let stopped = false;
      // Up to odli.parallel_sends referrals in flight: each waits for its own round trip, not for the others'.
      const inFlight = new Set<Promise<void>>();
      const sendNext = (id: string | number) => {
        const p = (async () => {
          const ref = await this.db.odli.referral(id);
          if (ref && !stopped && !(await this.sendOne(ref, versions, codeMap))) stopped = true;
          this.thread.progress(++done, c.total);
        })();
        inFlight.add(p);
        void p.then(() => inFlight.delete(p), () => inFlight.delete(p));
        return p;
      };
      try {
        pages: for (let after: string | number | undefined, page = await this.db.odli.pendingReferrals(PAGE); page.length > 0; page = await this.db.odli.pendingReferrals(PAGE, after)) {
          for (const id of page) {
            if (stopped) break pages;
            after = id;
            this.thread.checkpoint();
            sendNext(id);
            if (inFlight.size >= this.odli.parallel_sends) await Promise.race(inFlight);
          }
          // The next page is read once this one's referrals have left the waiting state.
          await Promise.all(inFlight);
        }
      } finally {
        // Whatever ended the loop, nothing is left half done behind it.
        await Promise.allSettled([...inFlight]);
      }
      await Promise.all(inFlight);
      if (stopped) {
        this.log.warn(say(T.sendingInterrupted, { detail: this.interruption, left: c.total - c.sent - c.parked }));
        return false;
      }
      return true;
    } finally {
      this.log.info(say(T.sentCount, { sent: c.sent, total: c.total }));
      this.log.info(say(T.sendingStopped));
    }
  }

  private interruption = "";

  /** Referrals a run left between the POST and its record: ОДЛИ is asked whether it has them. */
  private async settleInFlight(): Promise<boolean> {
    for (const id of await this.db.odli.inFlight(10_000)) {
      this.thread.checkpoint();
      const ref = await this.db.odli.referral(id);
      if (!ref?.labGuid) {
        await this.db.odli.markReferral(id, { requeue: true });
        continue;
      }
      try {
        const found = await this.client.findOrder({ organizationGuid: this.odli.organization_guid, labGuid: ref.labGuid, referralId: id }, this.thread.signal);
        if (found) {
          await this.db.odli.markReferral(id, { sent: true, at: new Date(this.ctx.clock.now()), orderId: found.orderId });
          this.log.warn(say(T.recovered, { id: String(id), order: found.orderId }));
        } else {
          await this.db.odli.markReferral(id, { requeue: true });
          this.log.warn(say(T.notReceived, { id: String(id) }));
        }
      } catch (error) {
        this.stopIfUnauthorized(error);
        if (!(error instanceof OdliError)) throw error;
        this.log.warn(say(T.inFlightLeft, { id: String(id) }));
        this.log.warn(say(T.sendingInterrupted, { detail: error.message, left: await this.db.odli.pendingCount() }));
        return false;
      }
    }
    return true;
  }

  /** One referral; answers false when sending must stop for this run. */
  private async sendOne(ref: OdliReferral, versions: DictionaryVersions, codeMap: CodeMap): Promise<boolean> {
    const c = this.counts;
    const id = String(ref.id);
    const made = referralBundle(ref, { systemOid: this.odli.system_oid, organizationGuid: this.odli.organization_guid, versions, codeMap, zone: this.ctx.config.timezone, newId: () => crypto.randomUUID() });
    if (!made.bundle) return this.hold(ref, problemsText(made.problems));
    const size = Buffer.byteLength(JSON.stringify(made.bundle));
    if (size > this.odli.max_bundle_kb * 1024) return this.hold(ref, say(T.bundleTooLarge, { kb: Math.ceil(size / 1024), max: this.odli.max_bundle_kb }));

    // Recorded before the bundle leaves: a crash after the POST leaves it "being sent", settled by $getorder.
    if (!(await this.db.odli.markSending(ref.id, new Date(this.ctx.clock.now())))) return true;
    try {
      const orderId = await this.client.sendBundle(made.bundle, this.thread.signal);
      await this.db.odli.markReferral(ref.id, { sent: true, at: new Date(this.ctx.clock.now()), orderId });
      c.sent++;
      this.log.info(say(T.sentOne, { id, order: orderId }));
      return true;
    } catch (error) {
      if (!(error instanceof OdliError)) throw error;
      if (error.kind === "unauthorized") {
        await this.db.odli.markReferral(ref.id, { requeue: true });
        this.stopIfUnauthorized(error);
      }
      if (error.kind === "rejected" || error.kind === "tooLarge") {
        const attempt = ref.queue.attempts + 1;
        const final = attempt >= this.odli.max_attempts;
        const reason = error.issues.length > 0 ? error.issues.join("; ") : error.message;
        await this.db.odli.markReferral(ref.id, { sent: false, reason, final });
        if (final) {
          c.parked++;
          this.log.error(say(T.parked, { id, attempts: attempt, reason }));
        } else {
          c.refused++;
          this.log.warn(say(T.refused, { id, attempt, max: this.odli.max_attempts, reason: error.message }));
        }
        return true;
      }
      if (error.o.maybeApplied) {
        // Accepted or not, only ОДЛИ knows: the referral stays "being sent" until $getorder says.
        this.log.warn(say(T.answerUnsure, { id, detail: error.message }));
      } else {
        await this.db.odli.markReferral(ref.id, { requeue: true });
      }
      this.interruption = error.message;
      return false;
    }
  }

  private async hold(ref: OdliReferral, reasons: string): Promise<boolean> {
    await this.db.odli.markReferral(ref.id, { held: reasons });
    this.counts.held++;
    this.log.warn(say(T.held, { id: String(ref.id), reasons }));
    return true;
  }

  // 4. Results -------------------------------------------------------------------

  /** Answers false when ОДЛИ could not be reached. */
  private async fetchResults(): Promise<boolean> {
    this.log.info(say(T.resultsStarted));
    let open = 0;
    let reports = 0;
    try {
      const ids = await this.db.odli.referenceIds();
      const codeMap = await this.codes();
      for (let after: string | number | undefined, page = await this.db.odli.openOrders(PAGE); page.length > 0; page = await this.db.odli.openOrders(PAGE, after)) {
        for (const order of page) {
          after = order.referralId;
          open++;
          this.thread.checkpoint();
          try {
            const written = await this.resultOf(order, codeMap, ids);
            if (written !== undefined) {
              this.counts.results++;
              reports += written;
            }
          } catch (error) {
            this.stopIfUnauthorized(error);
            if (!(error instanceof OdliError)) throw error;
            if (error.retryable) {
              this.log.warn(say(T.resultsInterrupted, { detail: error.message }));
              return false;
            }
            this.log.warn(say(T.resultFailed, { id: String(order.referralId), detail: error.message }));
          }
        }
      }
      return true;
    } finally {
      this.log.info(say(T.resultsDone, { orders: this.counts.results, open, reports }));
    }
  }

  /** One order's results: undefined when nothing new was written. */
  private async resultOf(order: OdliOpenOrder, codeMap: CodeMap, ids: Awaited<ReturnType<MainDb["odli"]["referenceIds"]>>): Promise<number | undefined> {
    if (!order.labGuid) return undefined;
    const signal = this.thread.signal;
    const id = String(order.referralId);
    const responses = await this.client.results({ organizationGuid: this.odli.organization_guid, labGuid: order.labGuid, referralId: order.referralId }, signal);
    const status = orderStatusOf(responses);
    if (!status) return undefined;
    const reportViews = [];
    for (const r of responses.flatMap((x) => x.reports)) {
      const reportId = referenceId("DiagnosticReport", r);
      if (reportId) reportViews.push(await this.client.diagnosticReport(reportId, signal));
    }
    const refs = referencesOf(reportViews);
    const observations = new Map<string, ObservationView>();
    for (const o of refs.observations) observations.set(o, await this.client.observation(o, signal));
    const practitioners = new Map<string, string | null>();
    for (const p of refs.practitioners) practitioners.set(p, await this.client.practitionerName(p, signal));
    const binaries = new Map<string, { contentType: string; bytes: Uint8Array }>();
    for (const b of refs.binaries) binaries.set(b, await this.client.binary(b, signal));

    const rows = resultRows({ reports: reportViews, observations, practitioners, binaries }, { codeMap, ids, referralNum: id, zone: this.ctx.config.timezone });
    if (!rows.reports) {
      this.log.warn(say(T.resultHeld, { id, reasons: problemsText(rows.problems) }));
      return undefined;
    }
    const at = new Date(this.ctx.clock.now());
    const written = await this.db.odli.writeResults(order.referralId, { reports: rows.reports, orderStatus: status.status, final: status.final, labLpuId: order.lpuToId, at });
    if (status.final && status.status !== "completed" && order.orderStatus !== status.status) {
      // The response's description is the lab's free text: it may name the patient.
      const reason = redactPersonalData(responses.map((r) => r.description).filter(Boolean).join("; "));
      this.log.warn(say(T.resultRejected, { id, status: status.status, reason }));
    }
    if (written.written === 0) return undefined;
    const fresh = rows.reports.filter((r) => written.reportIds.includes(r.reportId));
    this.log.info(
      say(T.resultWritten, {
        id,
        reports: written.written,
        params: fresh.reduce((n, r) => n + r.parameters.length, 0),
        pdfs: fresh.filter((r) => r.pdf).length,
        status: status.status,
      }),
    );
    return written.written;
  }
}
