import {
  createRealtimeClient,
  selectModules,
  selectMyRegistrations,
  type ConnectionStatus,
  type RealtimeClient,
} from '@platform/realtime-client';
import type { ApiClient, Session } from './api.client';
import {
  closeNotice,
  connectionText,
  mergeById,
  mergeEntry,
  moduleRowView,
  orderedRegistrations,
  registerNotice,
  registrationRowView,
  sortedModules,
  type ModuleRowView,
  type Notice,
  type RegistrationLike,
  type RegistrationRowView,
  type SeatsLike,
} from './view-model';

interface SignedIn {
  studentId: string;
  session: Session;
  client: RealtimeClient;
  stop: (() => void)[];
}

interface ModuleRow {
  element: HTMLTableRowElement;
  title: HTMLSpanElement;
  seats: HTMLTableCellElement;
  button: HTMLButtonElement;
  view: ModuleRowView;
}

interface RegistrationRow {
  element: HTMLLIElement;
  status: HTMLSpanElement;
  view: RegistrationRowView;
}

const SESSION_KEY = 'course-platform.session';

/**
 * The student page: sign-in, live seats with a Register button each, one's own registrations with
 * live status, and the connection badge. Data comes over HTTP for the first paint, then from the
 * realtime client's store; each store subscription touches only the rows whose view changed.
 */
export class StudentPage {
  private signedIn: SignedIn | undefined;
  private httpModules: Record<string, SeatsLike> = {};
  private liveModules: Record<string, SeatsLike> = {};
  private httpRegistrations: Record<string, RegistrationLike> = {};
  private liveRegistrations: Record<string, RegistrationLike> = {};
  private registrationOrder: string[] = [];
  private readonly moduleRows = new Map<string, ModuleRow>();
  private readonly registrationRows = new Map<string, RegistrationRow>();
  private readonly pendingClicks = new Set<string>();

  constructor(
    private readonly document: Document,
    private readonly api: ApiClient,
    private readonly gatewayUrl: string,
  ) {}

  start(): void {
    this.part<HTMLFormElement>('sign-in').addEventListener('submit', (event) => {
      event.preventDefault();
      void this.signIn(new FormData(event.currentTarget as HTMLFormElement));
    });
    this.part('sign-out').addEventListener('click', () => void this.signOut());
    this.part('modules').addEventListener('click', (event) => {
      const button = (event.target as Element).closest<HTMLButtonElement>('button[data-module-id]');
      if (button?.dataset.moduleId) void this.register(button.dataset.moduleId);
    });
    const saved = this.savedSession();
    if (saved) this.enter(saved.studentId, saved.session);
    else this.showSignIn();
  }

  private async signIn(form: FormData): Promise<void> {
    const studentId = String(form.get('studentId') ?? '').trim();
    const result = await this.api.signIn(studentId, String(form.get('password') ?? ''));
    if (!result.ok) {
      this.notify({
        tone: 'error',
        text:
          result.status === 401
            ? 'Wrong student id or password.'
            : `Sign-in failed (${result.message ?? result.status}).`,
      });
      return;
    }
    sessionStorage.setItem(SESSION_KEY, JSON.stringify({ studentId, session: result.value }));
    this.notify(undefined);
    this.enter(studentId, result.value);
  }

  private async signOut(): Promise<void> {
    const token = this.signedIn?.session.token;
    this.leave({ tone: 'info', text: 'Signed out.' });
    if (token) await this.api.signOut(token);
  }

  private enter(studentId: string, session: Session): void {
    const client = createRealtimeClient({ url: this.gatewayUrl, token: () => session.token });
    const signedIn: SignedIn = { studentId, session, client, stop: [] };
    this.signedIn = signedIn;
    this.part('sign-in').hidden = true;
    this.part('modules-section').hidden = false;
    this.part('registrations-section').hidden = false;
    const student = this.part('student');
    student.textContent = studentId;
    student.hidden = false;
    this.part('sign-out').hidden = false;

    signedIn.stop.push(
      client.onStatus((status) => this.showConnection(status)),
      client.onClose((code, _reason, { reconnecting }) => {
        const notice = closeNotice(code);
        if (notice) this.leave(notice);
        else if (!reconnecting)
          this.notify({ tone: 'error', text: `Live updates stopped (${code}); reload the page to retry.` });
      }),
      client.store.subscribe(selectModules, (modules) => this.applyLiveModules(modules)),
      client.store.subscribe(selectMyRegistrations, (registrations) => {
        this.liveRegistrations = Object.fromEntries(registrations.map((r) => [r.registrationId, r]));
        this.renderRegistrations();
      }),
      client.subscribe('modules'),
      client.subscribe('registrations:me'),
    );
    this.showConnection(client.status());
    client.connect();
    void this.firstPaint(signedIn);
  }

  private async firstPaint(signedIn: SignedIn): Promise<void> {
    const [modules, registrations] = await Promise.all([
      this.api.modules(),
      this.api.myRegistrations(signedIn.session.token),
    ]);
    if (this.signedIn !== signedIn) return;
    if (registrations.ok === false && registrations.status === 401) {
      this.leave({ tone: 'error', text: 'Signed out: your session has ended. Sign in again.' });
      return;
    }
    if (modules.ok) this.httpModules = Object.fromEntries(modules.value.map((m) => [m.moduleId, m]));
    else this.notify({ tone: 'error', text: `Modules could not be loaded (${modules.status}).` });
    if (registrations.ok) {
      this.httpRegistrations = Object.fromEntries(registrations.value.map((r) => [r.registrationId, r]));
      this.registrationOrder = registrations.value.map((r) => r.registrationId);
    }
    this.renderModules();
    this.renderRegistrations();
  }

  private leave(notice: Notice): void {
    const signedIn = this.signedIn;
    this.signedIn = undefined;
    if (signedIn) {
      for (const stop of signedIn.stop) stop();
      signedIn.client.close();
    }
    sessionStorage.removeItem(SESSION_KEY);
    this.httpModules = {};
    this.liveModules = {};
    this.httpRegistrations = {};
    this.liveRegistrations = {};
    this.registrationOrder = [];
    this.renderModules();
    this.renderRegistrations();
    this.part('modules-section').hidden = true;
    this.part('registrations-section').hidden = true;
    this.part('student').hidden = true;
    this.part('sign-out').hidden = true;
    this.showConnection('closed');
    this.showSignIn();
    this.notify(notice);
  }

  private async register(moduleId: string): Promise<void> {
    const signedIn = this.signedIn;
    if (!signedIn || this.pendingClicks.has(moduleId)) return;
    this.pendingClicks.add(moduleId);
    this.renderModules();
    const result = await this.api.register(signedIn.session.token, moduleId);
    this.pendingClicks.delete(moduleId);
    if (this.signedIn !== signedIn) return;
    if (result.ok) {
      const { registrationId } = result.value;
      this.httpRegistrations = {
        ...this.httpRegistrations,
        [registrationId]: { registrationId, moduleId, status: 'PENDING' },
      };
      this.registrationOrder = [
        registrationId,
        ...this.registrationOrder.filter((id) => id !== registrationId),
      ];
      this.renderRegistrations();
      this.notify(registerNotice(moduleId, { status: 202 }));
    } else if (result.status === 401) {
      this.leave(registerNotice(moduleId, result));
      return;
    } else {
      this.notify(registerNotice(moduleId, result));
    }
    this.renderModules();
  }

  /**
   * The store hands over the whole sorted list; when no module came or went, only the rows whose
   * entry changed (the store replaces just those objects) are looked at again.
   */
  private applyLiveModules(modules: readonly SeatsLike[]): void {
    const before = this.liveModules;
    this.liveModules = Object.fromEntries(modules.map((seats) => [seats.moduleId, seats]));
    // A module the live view held and holds no more was removed from the catalog (ModuleRemoved).
    const removed = new Set(Object.keys(before).filter((moduleId) => !(moduleId in this.liveModules)));
    if (removed.size > 0)
      this.httpModules = Object.fromEntries(
        Object.entries(this.httpModules).filter(([moduleId]) => !removed.has(moduleId)),
      );
    const changed = modules.filter((seats) => before[seats.moduleId] !== seats);
    const sameModules =
      modules.length === Object.keys(before).length && changed.every((seats) => seats.moduleId in before);
    const rows = changed.map((seats) => this.moduleRows.get(seats.moduleId));
    if (!sameModules || rows.some((row) => row === undefined)) {
      this.renderModules();
      return;
    }
    changed.forEach((seats, index) =>
      this.patchModuleRow(
        rows[index] as ModuleRow,
        moduleRowView(mergeEntry(this.httpModules[seats.moduleId], seats)),
      ),
    );
  }

  private renderModules(): void {
    const body = this.part<HTMLTableSectionElement>('modules');
    const views = sortedModules(mergeById(this.httpModules, this.liveModules)).map(moduleRowView);
    const present = new Set(views.map((view) => view.moduleId));
    for (const [moduleId, row] of this.moduleRows) {
      if (present.has(moduleId)) continue;
      row.element.remove();
      this.moduleRows.delete(moduleId);
    }
    let previous: Element | null = null;
    for (const view of views) {
      const row = this.moduleRows.get(view.moduleId) ?? this.createModuleRow(view);
      this.patchModuleRow(row, view);
      const expectedNext: Element | null = previous ? previous.nextElementSibling : body.firstElementChild;
      if (expectedNext !== row.element) body.insertBefore(row.element, expectedNext);
      previous = row.element;
    }
  }

  private createModuleRow(view: ModuleRowView): ModuleRow {
    const element = this.document.createElement('tr');
    element.dataset.testid = `module-${view.moduleId}`;
    const cell = element.insertCell();
    const id = this.document.createElement('strong');
    id.textContent = view.moduleId;
    const title = this.document.createElement('span');
    title.className = 'title';
    cell.append(id, ' ', title);
    const seats = element.insertCell();
    seats.className = 'seats';
    seats.dataset.testid = `seats-${view.moduleId}`;
    const button = this.document.createElement('button');
    button.type = 'button';
    button.textContent = 'Register';
    button.dataset.moduleId = view.moduleId;
    button.dataset.testid = `register-${view.moduleId}`;
    element.insertCell().append(button);
    const row: ModuleRow = { element, title, seats, button, view: { ...view, title: '', seatsText: '' } };
    this.moduleRows.set(view.moduleId, row);
    return row;
  }

  private patchModuleRow(row: ModuleRow, view: ModuleRowView): void {
    const before = row.view;
    if (before.title !== view.title) row.title.textContent = view.title;
    if (before.seatsText !== view.seatsText) {
      row.seats.textContent = view.seatsText;
      row.seats.dataset.available = String(view.available);
      row.seats.dataset.full = String(view.full);
    }
    const disabled = view.full || this.pendingClicks.has(view.moduleId);
    if (row.button.disabled !== disabled) row.button.disabled = disabled;
    row.view = view;
  }

  private renderRegistrations(): void {
    const list = this.part<HTMLUListElement>('registrations');
    const byId = mergeById(this.httpRegistrations, this.liveRegistrations);
    const views = orderedRegistrations(byId, this.registrationOrder).map(registrationRowView);
    const present = new Set(views.map((view) => view.registrationId));
    for (const [id, row] of this.registrationRows) {
      if (present.has(id)) continue;
      row.element.remove();
      this.registrationRows.delete(id);
    }
    let previous: Element | null = null;
    for (const view of views) {
      const row = this.registrationRows.get(view.registrationId) ?? this.createRegistrationRow(view);
      if (row.view.statusText !== view.statusText) {
        row.status.textContent = view.statusText;
        row.element.dataset.status = view.status;
      }
      row.view = view;
      const expectedNext: Element | null = previous ? previous.nextElementSibling : list.firstElementChild;
      if (expectedNext !== row.element) list.insertBefore(row.element, expectedNext);
      previous = row.element;
    }
    this.part('no-registrations').hidden = views.length > 0;
  }

  private createRegistrationRow(view: RegistrationRowView): RegistrationRow {
    const element = this.document.createElement('li');
    element.dataset.testid = `registration-${view.registrationId}`;
    element.dataset.moduleId = view.moduleId;
    const module = this.document.createElement('strong');
    module.textContent = view.moduleId;
    const status = this.document.createElement('span');
    status.className = 'status';
    status.dataset.testid = `registration-status-${view.registrationId}`;
    element.append(module, ' ', status);
    const row: RegistrationRow = { element, status, view: { ...view, statusText: '' } };
    this.registrationRows.set(view.registrationId, row);
    return row;
  }

  private showConnection(status: ConnectionStatus): void {
    const badge = this.part('connection-state');
    const text = connectionText(status);
    if (badge.textContent !== text) badge.textContent = text;
    badge.dataset.state = status;
  }

  private showSignIn(): void {
    const form = this.part<HTMLFormElement>('sign-in');
    form.hidden = false;
    this.showConnection('idle');
  }

  private notify(notice: Notice | undefined): void {
    const element = this.part('notice');
    element.hidden = !notice;
    element.textContent = notice?.text ?? '';
    element.dataset.tone = notice?.tone ?? '';
  }

  private savedSession(): { studentId: string; session: Session } | undefined {
    const raw = sessionStorage.getItem(SESSION_KEY);
    if (!raw) return undefined;
    try {
      const saved = JSON.parse(raw) as { studentId: string; session: Session };
      return Date.parse(saved.session.expiresAt) > Date.now() ? saved : undefined;
    } catch {
      return undefined;
    }
  }

  private part<T extends HTMLElement = HTMLElement>(testId: string): T {
    const element = this.document.querySelector<T>(`[data-testid="${testId}"]`);
    if (!element) throw new Error(`the page has no [data-testid="${testId}"]`);
    return element;
  }
}
