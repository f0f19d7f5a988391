import { tuiTexts as T } from "../../messages/areas/tui.ts";
import { say } from "../../messages/text.ts";
import { jobColumns, jobTableRow } from "../../presentation/job-table.ts";
import { fitTable } from "../../presentation/text-table.ts";
import { jobFormFields, jobInputFromForm } from "../../presentation/job-form.ts";
import type { JobView, TaskView } from "../../api/agent-api.ts";
import type { Keymap } from "../keymap.ts";
import type { Change } from "../live-state.ts";
import type { Tab, TabView, UiContext } from "../tab.ts";
import { navigationKeys, Selection, TextFilter } from "./navigation.ts";

/** «Планировщик заданий»: the manual's job table plus state, last run and result, next run. */
export class JobsTab implements Tab {
  readonly title = T.tabJobs;
  readonly short = T.tabJobsShort;
  readonly keymap: Keymap;
  private readonly selection = new Selection();
  private readonly filter = new TextFilter();
  private tasks: TaskView[] = [];
  private refreshing = false;
  private refreshAgain = false;

  constructor(private readonly ui: UiContext) {
    this.keymap = [
      ...navigationKeys((d) => this.selection.move(d, this.visible().length, this.keys()), () => ui.pageSize()),
      { keys: ["r"], description: T.keyRunNow, handler: () => this.runNow() },
      { keys: ["p"], description: T.keyPause, handler: () => this.togglePause() },
      { keys: ["e", "enter"], description: T.keyEdit, handler: () => this.edit() },
      { keys: ["a"], description: T.keyAdd, handler: () => this.add() },
      { keys: ["d", "delete"], description: T.keyDelete, handler: () => this.remove() },
    ];
  }

  private visible(): JobView[] {
    return this.ui.state.jobs.filter((j) => this.filter.matches(j.job.name, j.job.task));
  }

  private keys(): string[] {
    return this.visible().map((j) => String(j.job.id));
  }

  private current(): JobView | undefined {
    return this.visible()[this.selection.index];
  }

  view(width: number): TabView {
    const jobs = this.visible();
    this.selection.sync(this.keys());
    const table = fitTable(jobColumns(), jobs.map((j) => jobTableRow(j, this.ui.zone)), width);
    return {
      header: table.header,
      rows: jobs.length > 0 ? table.lines : [say(T.jobsEmpty)],
      selected: jobs.length > 0 ? this.selection.index : undefined,
      info: this.filter.info(),
    };
  }

  async activate(): Promise<void> {
    if (this.tasks.length === 0) this.tasks = await this.ui.api.call("tasks.list");
  }

  onChange(change: Change): void {
    if (change.jobs) void this.refresh();
  }

  /** Asks for the job table again; calls that come meanwhile fold into one more. */
  async refresh(): Promise<void> {
    if (this.refreshing) {
      this.refreshAgain = true;
      return;
    }
    this.refreshing = true;
    try {
      do {
        this.refreshAgain = false;
        this.ui.state.jobs = await this.ui.api.call("jobs.list");
        this.ui.redraw();
      } while (this.refreshAgain);
    } catch {
      // The channel closed: the status line says so.
    } finally {
      this.refreshing = false;
    }
  }

  filterPrompt(): Promise<void> {
    return this.filter.prompt(this.ui);
  }

  clearFilter(): boolean {
    return this.filter.clear();
  }

  private async runNow(): Promise<void> {
    const view = this.current();
    if (!view) return;
    await this.ui.attempt(async () => {
      const { runId } = await this.ui.api.call("jobs.run", { job: String(view.job.id) });
      this.ui.message(say(T.jobStarted, { name: view.job.name, runId }));
    });
  }

  private async togglePause(): Promise<void> {
    const view = this.current();
    if (!view) return;
    await this.ui.attempt(async () => {
      const paused = !view.job.paused;
      await this.ui.api.call(paused ? "jobs.pause" : "jobs.resume", { job: String(view.job.id) });
      this.ui.message(say(paused ? T.jobPausedNow : T.jobResumedNow, { name: view.job.name }));
      await this.refresh();
    });
  }

  private async edit(): Promise<void> {
    const view = this.current();
    if (!view) return;
    await this.activate();
    const { job } = view;
    this.ui.form(say(T.formEditTitle, { name: job.name }), jobFormFields(job, this.tasks, this.ui.now(), this.ui.zone), (fields) =>
      this.save(() => this.ui.api.call("jobs.edit", { job: String(job.id), input: jobInputFromForm(fields, job) })),
    );
  }

  private async add(): Promise<void> {
    await this.activate();
    this.ui.form(say(T.formAddTitle), jobFormFields(undefined, this.tasks, this.ui.now(), this.ui.zone), (fields) =>
      this.save(() => this.ui.api.call("jobs.add", { input: jobInputFromForm(fields, undefined) })),
    );
  }

  /** Sends the form to the service; its validation errors stay on the form (null: saved, close it). */
  private async save(call: () => Promise<JobView>): Promise<string[] | null> {
    try {
      const saved = await call();
      this.ui.message(say(T.jobSaved, { name: saved.job.name }));
      await this.refresh();
      return null;
    } catch (error) {
      return (error as Error).message.split("\n");
    }
  }

  private async remove(): Promise<void> {
    const view = this.current();
    if (!view) return;
    if (!(await this.ui.confirm(say(T.jobConfirmDelete, { name: view.job.name })))) return;
    await this.ui.attempt(async () => {
      await this.ui.api.call("jobs.remove", { job: String(view.job.id) });
      this.ui.message(say(T.jobDeleted, { name: view.job.name }));
      await this.refresh();
    });
  }
}
