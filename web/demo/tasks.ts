// The signed-in user's tasks on the demo page: load, add, toggle, delete, and the admin counts, all through
// cookie-authenticated calls. A 401 means the session ended: the page goes back to signed out.
import { type Api, ApiError, type User } from '../api.ts';
import * as view from './tasks-view.ts';

/** What to tell people about a failed call: an {@link ApiError}'s message is written for them. */
const describeError = (error: unknown): string =>
  error instanceof ApiError ? error.message : 'Something went wrong. Please try again.';

export interface TasksPanelOptions {
  say(text: string, kind?: 'info' | 'error'): void;
  /** Called once when a call answers 401: the session expired or was revoked. */
  onSessionExpired(): void;
}

export function createTasksPanel(api: Api, options: TasksPanelOptions) {
  // Bumped on every show and hide, so answers to an earlier user's requests are dropped.
  let generation = 0;
  let adding = false;
  let showAdmin = false;
  const saving = new Set<number>(); // ids of tasks with a change on its way

  /** Runs `request` for the current user; a 401 ends the session, other failures are told to the person. */
  async function run<T>(request: () => Promise<T>): Promise<{ value: T } | undefined> {
    const mine = generation;
    try {
      const value = await request();
      return mine === generation ? { value } : undefined;
    } catch (error) {
      if (mine !== generation) return undefined;
      if (error instanceof ApiError && error.status === 401) {
        hide();
        options.onSessionExpired();
      } else {
        options.say(describeError(error), 'error');
      }
      return undefined;
    }
  }

  async function refreshAdmin(): Promise<void> {
    if (!showAdmin) return;
    const mine = generation;
    try {
      const counts = await api.adminTaskCounts();
      if (mine === generation) view.renderAdminCounts(counts);
    } catch (error) {
      // Roles other than the admin one answer 403: then the table simply stays hidden.
      if (mine !== generation) return;
      if (error instanceof ApiError && error.status === 401) {
        hide();
        options.onSessionExpired();
        return;
      }
      if (error instanceof ApiError && error.status === 403) showAdmin = false;
      view.renderAdminCounts(null);
    }
  }

  const handlers: view.TaskHandlers = {
    async toggle(task, completed, checkbox) {
      // Not `disabled` while saving: disabling the focused checkbox would throw keyboard focus to the page.
      if (saving.has(task.id)) return void (checkbox.checked = !completed);
      saving.add(task.id);
      checkbox.setAttribute('aria-busy', 'true');
      const result = await run(() => api.updateTask(task.id, { completed }));
      saving.delete(task.id);
      checkbox.removeAttribute('aria-busy');
      if (!result) return void (checkbox.checked = !completed);
      task.completed = result.value.completed;
      options.say(`${completed ? 'Done' : 'Not done'}: ${task.title}`);
      void refreshAdmin();
    },
    async remove(task, button) {
      if (button.getAttribute('aria-disabled') === 'true') return;
      button.setAttribute('aria-disabled', 'true');
      const result = await run(() => api.deleteTask(task.id));
      button.removeAttribute('aria-disabled');
      if (!result) return;
      view.removeTask(task.id);
      options.say(`Deleted: ${task.title}`);
      void refreshAdmin();
    },
  };

  async function add(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const title = view.taskInput.value.trim();
    if (adding) return;
    if (!title) {
      view.taskInput.focus();
      return options.say('Type a task first.', 'error');
    }
    adding = true;
    view.setAdding(true);
    const result = await run(() => api.addTask(title));
    adding = false;
    view.setAdding(false);
    if (!result) return;
    view.appendTask(result.value, handlers);
    view.taskInput.value = '';
    view.taskInput.focus();
    options.say(`Added: ${result.value.title}`);
    void refreshAdmin();
  }

  view.taskForm.addEventListener('submit', (event) => void add(event));

  /** Loads `user`'s tasks (and, for a user with roles, tries the admin counts). */
  async function show(user: User): Promise<void> {
    generation += 1;
    view.clearTasks();
    // Which role is the admin one is the server's setting: ask only users who have a role at all.
    showAdmin = user.roles.length > 0;
    const result = await run(() => api.listTasks());
    if (result) view.renderTasks(result.value, handlers);
    await refreshAdmin();
  }

  function hide(): void {
    generation += 1;
    showAdmin = false;
    view.clearTasks();
  }

  return { show, hide };
}

export type TasksPanel = ReturnType<typeof createTasksPanel>;
