// The tasks panel's DOM: the add form, the list with toggle and delete, and the admin counts table.
import type { OwnerTaskCounts, Task } from '../api.ts';

function byId<T extends HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) throw new Error(`The page has no #${id}`);
  return element as T;
}

export const taskForm = byId<HTMLFormElement>('task-form');
export const taskInput = byId<HTMLInputElement>('new-task');
const addButton = byId<HTMLButtonElement>('task-add');
const list = byId<HTMLUListElement>('task-list');
const noTasks = byId('no-tasks');
const adminPanel = byId('admin');
const adminCounts = byId<HTMLTableSectionElement>('admin-counts');

/** `document.createElement` with properties (not attributes) set. */
function element<K extends keyof HTMLElementTagNameMap>(tag: K, properties: object): HTMLElementTagNameMap[K] {
  return Object.assign(document.createElement(tag), properties);
}

export interface TaskHandlers {
  toggle(task: Task, completed: boolean, checkbox: HTMLInputElement): void;
  remove(task: Task, button: HTMLButtonElement): void;
}

function taskItem(task: Task, handlers: TaskHandlers): HTMLLIElement {
  const item = document.createElement('li');
  item.className = 'task';
  item.dataset.testid = 'task';
  item.dataset.taskId = String(task.id);
  const checkbox = element('input', { type: 'checkbox', id: `task-${task.id}`, checked: task.completed });
  checkbox.dataset.testid = 'task-toggle';
  checkbox.addEventListener('change', () => handlers.toggle(task, checkbox.checked, checkbox));
  // textContent, never innerHTML: titles are user input.
  const label = element('label', { htmlFor: checkbox.id, textContent: task.title });
  label.dataset.testid = 'task-text';
  const remove = element('button', { type: 'button', className: 'link-button', textContent: 'Delete' });
  // The visible word first (WCAG 2.5.3), then which task: ten "Delete" buttons are otherwise indistinguishable.
  remove.setAttribute('aria-label', `Delete ${task.title}`);
  remove.dataset.testid = 'task-delete';
  remove.addEventListener('click', () => handlers.remove(task, remove));
  item.append(checkbox, label, remove);
  return item;
}

/** Replaces the list with `tasks`. */
export function renderTasks(tasks: Task[], handlers: TaskHandlers): void {
  list.replaceChildren(...tasks.map((task) => taskItem(task, handlers)));
  noTasks.hidden = tasks.length > 0;
}

export function appendTask(task: Task, handlers: TaskHandlers): void {
  list.append(taskItem(task, handlers));
  noTasks.hidden = true;
}

/** Removes the task's row and moves focus to the next row (or the previous, or the input), not to nowhere. */
export function removeTask(id: number): void {
  const item = list.querySelector<HTMLLIElement>(`li[data-task-id="${id}"]`);
  if (!item) return;
  const neighbour = (item.nextElementSibling ?? item.previousElementSibling)?.querySelector<HTMLElement>('input');
  const hadFocus = item.contains(document.activeElement);
  item.remove();
  noTasks.hidden = list.childElementCount > 0;
  if (hadFocus) (neighbour ?? taskInput).focus();
}

export function setAdding(busy: boolean): void {
  addButton.setAttribute('aria-disabled', String(busy));
  if (busy) addButton.setAttribute('aria-busy', 'true');
  else addButton.removeAttribute('aria-busy');
}

/** Shows the admin table with `counts`, or hides it (null). */
export function renderAdminCounts(counts: OwnerTaskCounts[] | null): void {
  adminPanel.hidden = counts === null;
  adminCounts.replaceChildren(
    ...(counts ?? []).map((owner) => {
      const row = document.createElement('tr');
      row.dataset.testid = 'admin-row';
      const user = element('th', { scope: 'row', textContent: owner.name || owner.email || owner.userId });
      const cells = [owner.total, owner.completed].map((n) => element('td', { textContent: String(n) }));
      row.append(user, ...cells);
      return row;
    }),
  );
}

export function clearTasks(): void {
  list.replaceChildren();
  noTasks.hidden = false;
  taskInput.value = '';
  setAdding(false);
  renderAdminCounts(null);
}
