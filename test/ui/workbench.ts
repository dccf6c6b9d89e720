// Page objects for the VS Code workbench (code-server in headless Chromium), used by the UI specs.
// Every wait is a Playwright auto-wait or a poll with a timeout; no fixed sleeps.
import * as fs from 'fs';
import * as path from 'path';
import type { Locator, Page } from 'playwright-core';

/** Default wait for UI elements; generous because a loaded CI machine renders slowly (UI_TIMEOUT_MS overrides). */
const DEFAULT_TIMEOUT_MS = Number(process.env.UI_TIMEOUT_MS || 30_000);

/** Text as the editor renders it (non-breaking spaces back to spaces). */
function normalise(text: string): string {
  return text.replace(/\u00a0/g, ' ');
}

export class Workbench {
  constructor(readonly page: Page) {}

  /** Waits until the workbench is rendered and interactive (status bar present). */
  async waitUntilReady(timeoutMs = 90_000): Promise<void> {
    await this.page.waitForSelector('.monaco-workbench', { timeout: timeoutMs });
    await this.page.waitForSelector('.part.statusbar', { timeout: timeoutMs });
  }

  /** Polls `predicate` until it is true (throws after `timeoutMs`, naming `what`). */
  async waitFor(predicate: () => Promise<boolean>, what: string, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (await predicate().catch(() => false)) return;
      if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
      await this.page.waitForTimeout(100);
    }
  }

  // ---------- command palette / quick input ----------

  /** Opens the command palette (F1) and types `query`; returns the visible rows' labels. */
  async commandPaletteEntries(query: string): Promise<string[]> {
    await this.openCommandPalette();
    await this.page.keyboard.type(query);
    const rows = this.quickInputRows();
    await rows.first().waitFor({ timeout: DEFAULT_TIMEOUT_MS }).catch(() => undefined);
    const labels = await this.quickInputLabels();
    await this.page.keyboard.press('Escape');
    return labels;
  }

  /** Runs a command by its palette title (e.g. "ISC: Add Tenant..."), exactly as a user would. */
  async runCommand(title: string): Promise<void> {
    await this.openCommandPalette();
    await this.page.keyboard.type(title);
    const row = this.quickInputRows().filter({ hasText: title }).first();
    await row.waitFor({ timeout: DEFAULT_TIMEOUT_MS });
    await row.click();
  }

  async openCommandPalette(): Promise<void> {
    const input = this.page.locator('.quick-input-widget input');
    if (await input.isVisible()) await this.page.keyboard.press('Escape');
    await this.page.keyboard.press('F1');
    await input.waitFor({ state: 'visible', timeout: DEFAULT_TIMEOUT_MS });
  }

  /** Types into an open input box / quick pick (showInputBox, showQuickPick) and accepts with Enter. */
  async answerQuickInput(text: string, options: { promptContains?: string } = {}): Promise<void> {
    const widget = this.page.locator('.quick-input-widget');
    await widget.waitFor({ state: 'visible', timeout: DEFAULT_TIMEOUT_MS });
    if (options.promptContains) await widget.filter({ hasText: options.promptContains }).waitFor({ timeout: DEFAULT_TIMEOUT_MS });
    const input = widget.locator('input');
    await input.fill(text);
    await this.page.keyboard.press('Enter');
  }

  /** Picks a row of an open quick pick by its label. */
  async pickQuickItem(label: string): Promise<void> {
    const row = this.quickInputRows().filter({ hasText: label }).first();
    await row.waitFor({ timeout: DEFAULT_TIMEOUT_MS });
    await row.click();
  }

  quickInputRows(): Locator {
    return this.page.locator('.quick-input-widget .quick-input-list .monaco-list-row');
  }

  async quickInputLabels(): Promise<string[]> {
    return (await this.quickInputRows().allInnerTexts()).map((t) => normalise(t).split('\n')[0].trim());
  }

  // ---------- activity bar, side bar, tree ----------

  /** The activity bar entry (an `li.action-item`) whose label starts with `title` (a view container's title). */
  activityBarItem(title: string): Locator {
    return this.page.locator('.part.activitybar li.action-item')
      .filter({ has: this.page.locator(`a.action-label[aria-label^="${title}"]`) }).first();
  }

  /** Opens a view container from the activity bar (does not close it when already open). */
  async openViewContainer(title: string): Promise<void> {
    const item = this.activityBarItem(title);
    // a contributed container appears once the extension host has scanned the extension
    await item.waitFor({ timeout: 2 * DEFAULT_TIMEOUT_MS });
    if (!((await item.getAttribute('class')) ?? '').split(' ').includes('checked')) await item.locator('a.action-label').click();
    await this.waitFor(async () => (await this.sideBarTitle()).toUpperCase().startsWith(title.toUpperCase()), `side bar titled "${title}"`);
  }

  /** The side bar's title (the open view container's title, or "container: view" for merged single views). */
  async sideBarTitle(): Promise<string> {
    return normalise(await this.page.locator('.part.sidebar .composite.title .title-label').first().innerText()).trim();
  }

  sideBar(): Locator {
    return this.page.locator('.part.sidebar');
  }

  /** Hides the secondary side bar (right) when it is shown (Ctrl+Alt+B toggles it), e.g. before a screenshot. */
  async hideSecondarySideBar(): Promise<void> {
    const bar = this.page.locator('.part.auxiliarybar');
    if (!(await bar.isVisible())) return;
    await this.page.keyboard.press('Control+Alt+B');
    await bar.waitFor({ state: 'hidden', timeout: DEFAULT_TIMEOUT_MS });
  }

  /** Drags the side bar's right edge (its sash) so the side bar is about `width` pixels wide. */
  async resizeSideBar(width: number): Promise<void> {
    const box = await this.sideBar().boundingBox();
    if (!box) throw new Error('the side bar is not shown');
    const edge = box.x + box.width;
    const y = box.y + box.height / 2;
    await this.page.mouse.move(edge, y);
    await this.page.mouse.down();
    await this.page.mouse.move(box.x + width, y, { steps: 5 });
    await this.page.mouse.up();
    await this.waitFor(async () => Math.abs(((await this.sideBar().boundingBox())?.width ?? 0) - width) < 40, `the side bar to be ${width} px wide`);
  }

  /** A tree/list row in the side bar whose text contains `label`. */
  treeRow(label: string): Locator {
    return this.sideBar().locator('.monaco-list-row').filter({ hasText: label }).first();
  }

  /** The labels (without descriptions) of all rendered side-bar rows, top to bottom. */
  async treeRowLabels(): Promise<string[]> {
    return (await this.treeRows()).map((r) => r.label);
  }

  /** Label and description of all rendered side-bar rows, top to bottom (tree rows are virtualised). */
  async treeRows(): Promise<{ label: string; description: string }[]> {
    type Row = { top: number; label: string; description: string };
    type RowElement = { style: { top: string }; querySelector(s: string): { textContent: string | null } | null; textContent: string | null };
    const rows = await this.sideBar().locator('.monaco-list-row').evaluateAll((els) =>
      (els as unknown as RowElement[]).map((el): Row => ({
        top: parseFloat(el.style.top || '0'),
        label: (el.querySelector('.label-name') ?? el).textContent ?? '',
        description: el.querySelector('.label-description')?.textContent ?? '',
      })).sort((a, b) => a.top - b.top));
    return rows.map((r) => ({ label: normalise(r.label).trim(), description: normalise(r.description).trim() }));
  }

  /**
   * Expands a collapsed tree row (no-op when already expanded). The row is looked up afresh on every poll: the view
   * may render its rows again (a refresh after the tenant's first answer), and an element handle would go stale.
   */
  async expandTreeRow(label: string): Promise<void> {
    const row = this.treeRow(label);
    await row.waitFor({ timeout: DEFAULT_TIMEOUT_MS });
    let clickedAt = 0;
    await this.waitFor(async () => {
      const expanded = await row.getAttribute('aria-expanded', { timeout: 1000 });
      if (expanded === 'true') return true;
      // Click again only when a click has had time to show (a rendered-again row starts collapsed).
      if (expanded === 'false' && Date.now() - clickedAt > 3000) {
        await row.click({ timeout: 1000 });
        clickedAt = Date.now();
      }
      return false;
    }, `tree row "${label}" to expand`);
  }

  /** Clicks a button of the side bar's welcome content (a `viewsWelcome` link such as "Add Tenant"). */
  async clickViewWelcomeButton(label: string): Promise<void> {
    const button = this.sideBar().locator('.welcome-view-content .monaco-button').filter({ hasText: label }).first();
    await button.waitFor({ timeout: 2 * DEFAULT_TIMEOUT_MS });
    await button.click();
  }

  async clickTreeRow(label: string): Promise<void> {
    const row = this.treeRow(label);
    await row.waitFor({ timeout: DEFAULT_TIMEOUT_MS });
    await row.click();
  }

  /** Right-clicks a tree row and picks a context-menu entry. */
  async treeRowContextMenu(label: string, entry: string): Promise<void> {
    await this.treeRow(label).click({ button: 'right' });
    const item = this.page.locator('.monaco-menu .action-item').filter({ hasText: entry }).first();
    await item.waitFor({ timeout: DEFAULT_TIMEOUT_MS });
    await item.click();
  }

  /** Clicks a view-title toolbar button (e.g. "Refresh") by its tooltip/aria-label prefix. */
  async clickViewTitleAction(label: string): Promise<void> {
    const action = this.sideBar().locator(`.title-actions .action-label[aria-label^="${label}"], .actions-container .action-label[aria-label^="${label}"]`).first();
    await this.sideBar().hover();
    await action.waitFor({ timeout: DEFAULT_TIMEOUT_MS });
    await action.click();
  }

  // ---------- editors ----------

  /** The editor widget of the active editor group. */
  activeEditor(): Locator {
    return this.page.locator('.editor-group-container.active .monaco-editor').first();
  }

  /** Title of the active editor tab (e.g. "source-config.xml"). */
  async activeTabTitle(): Promise<string> {
    const tab = this.page.locator('.editor-group-container.active .tab.active').first();
    await tab.waitFor({ timeout: DEFAULT_TIMEOUT_MS });
    return ((await tab.getAttribute('aria-label')) ?? '').split(',')[0].trim();
  }

  /** Waits for an editor tab whose title contains `title`. */
  async waitForEditorTab(title: string): Promise<void> {
    await this.page.locator(`.tabs-container .tab[aria-label*="${title}"]`).first().waitFor({ timeout: DEFAULT_TIMEOUT_MS });
  }

  /** Whether the active tab shows unsaved changes. */
  async activeEditorIsDirty(): Promise<boolean> {
    const tab = this.page.locator('.editor-group-container.active .tab.active').first();
    return ((await tab.getAttribute('class')) ?? '').split(' ').includes('dirty');
  }

  /** Waits until the active tab shows unsaved changes (after typing). */
  async waitForDirtyEditor(timeoutMs = DEFAULT_TIMEOUT_MS): Promise<void> {
    await this.waitFor(() => this.activeEditorIsDirty(), 'the active editor to have unsaved changes', timeoutMs);
  }

  /** Focuses the active editor without moving its cursor (clicks it only when focus is elsewhere). */
  async focusEditor(): Promise<void> {
    const editor = this.activeEditor();
    await editor.waitFor({ timeout: DEFAULT_TIMEOUT_MS });
    const focused = await editor.evaluate((el) => el.contains(el.ownerDocument.activeElement));
    if (!focused) await editor.locator('.view-lines').click();
  }

  /** Types at the cursor of the active editor. */
  async typeInEditor(text: string): Promise<void> {
    await this.focusEditor();
    await this.page.keyboard.type(text);
  }

  /** Moves the cursor to the start of the active editor's document (Ctrl+Home). */
  async goToDocumentStart(): Promise<void> {
    await this.focusEditor();
    await this.page.keyboard.press('Control+Home');
  }

  /** Moves the cursor to a 1-based line (Ctrl+G, like a user; the quick input starts with ":"). */
  async goToLine(line: number): Promise<void> {
    await this.focusEditor();
    await this.page.keyboard.press('Control+G');
    await this.answerQuickInput(`:${line}`);
    await this.waitFor(() => this.page.locator('.quick-input-widget').isHidden(), 'the Go to Line input to close');
  }

  /** Waits until the active editor's rendered lines contain `text`. */
  async waitForEditorText(text: string, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<void> {
    await this.waitFor(async () => (await this.visibleEditorText()).includes(text), `the editor to show ${JSON.stringify(text)}`, timeoutMs);
  }

  /** Presses Ctrl+S in the active editor without waiting for any outcome (for saves that fail or ask). */
  async pressSave(): Promise<void> {
    await this.focusEditor();
    await this.page.keyboard.press('Control+S');
  }

  /** The visible text of the active editor (rendered lines only, in screen order; long documents are virtualised). */
  async visibleEditorText(): Promise<string> {
    type RenderedLine = { style: { top: string }; innerText: string };
    const lines = await this.activeEditor().locator('.view-lines .view-line').evaluateAll((els) =>
      (els as unknown as RenderedLine[]).map((el) => ({ top: parseFloat(el.style.top || '0'), text: el.innerText }))
        .sort((a, b) => a.top - b.top).map((l) => l.text));
    return normalise(lines.join('\n'));
  }

  /** Saves the active editor (Ctrl+S) and waits until its tab is no longer dirty. */
  async save(timeoutMs = DEFAULT_TIMEOUT_MS): Promise<void> {
    await this.page.keyboard.press('Control+S');
    await this.waitFor(async () => !(await this.activeEditorIsDirty()), 'the editor to be saved (tab no longer dirty)', timeoutMs);
  }

  // ---------- notifications ----------

  /** Texts of visible notification toasts. */
  async notificationToasts(): Promise<string[]> {
    return (await this.page.locator('.notifications-toasts .notification-list-item-message').allInnerTexts()).map(normalise);
  }

  /**
   * Waits for a notification containing `text`: a toast, or (toasts are sometimes suppressed in
   * development mode) an entry in the notification center. Returns the full message.
   */
  async waitForNotification(text: string, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<string> {
    const toast = this.page.locator('.notifications-toasts .notification-list-item-message').filter({ hasText: text }).first();
    try {
      await toast.waitFor({ timeout: timeoutMs });
      return normalise(await toast.innerText());
    } catch {
      await this.runCommand('Notifications: Show Notifications');
      const entry = this.page.locator('.notifications-center .notification-list-item-message').filter({ hasText: text }).first();
      await entry.waitFor({ timeout: 5_000 });
      const message = normalise(await entry.innerText());
      await this.page.keyboard.press('Escape');
      return message;
    }
  }

  /**
   * Shows the notification containing `text` and returns its list item: its toast when one is shown, otherwise
   * its entry in the notification center, which is opened and left open (toasts are sometimes not shown in
   * development mode). A collapsed entry is expanded, so its whole message and its buttons are visible.
   */
  async revealNotification(text: string, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<Locator> {
    const toast = this.page.locator('.notifications-toasts .notification-list-item').filter({ hasText: text }).first();
    const entry = this.page.locator('.notifications-center .notification-list-item').filter({ hasText: text }).first();
    const shown = async (): Promise<boolean> => (await toast.isVisible()) || (await entry.isVisible());
    await this.waitFor(async () => {
      if (await shown()) return true;
      // (re)open the center: it hides itself when its last notification (e.g. a progress) goes away
      if (!(await this.notificationCenter().isVisible())) await this.showNotificationCenter(5_000);
      return shown();
    }, `a notification containing ${JSON.stringify(text)}`, timeoutMs);
    const item = (await toast.isVisible()) ? toast : entry;
    const expand = item.locator('.action-label.codicon-notifications-expand');
    if (await expand.isVisible()) await expand.click();
    return item;
  }

  /** The buttons' labels of a notification list item (from `revealNotification`). */
  async notificationButtons(item: Locator): Promise<string[]> {
    return (await item.locator('.notification-list-item-buttons-container .monaco-button').allInnerTexts()).map((t) => normalise(t).trim());
  }

  /** Clicks a button (e.g. "Overwrite") on the notification containing `text`. */
  async clickNotificationButton(text: string, button: string): Promise<void> {
    const item = this.page.locator('.notification-list-item').filter({ hasText: text }).first();
    await item.waitFor({ timeout: DEFAULT_TIMEOUT_MS });
    await item.locator('.monaco-button').filter({ hasText: button }).first().click();
  }

  /** The notification center (opened by the status bar's bell). */
  notificationCenter(): Locator {
    return this.page.locator('.notifications-center');
  }

  /** Opens the notification center by clicking the status bar's bell (no-op when it is open). */
  async showNotificationCenter(timeoutMs = DEFAULT_TIMEOUT_MS): Promise<void> {
    if (await this.notificationCenter().isVisible()) return;
    await this.page.locator('.part.statusbar [id="status.notifications"] a, .part.statusbar [id="status.notifications"]').first().click();
    await this.notificationCenter().waitFor({ state: 'visible', timeout: timeoutMs });
    await this.moveMouseAway();
  }

  /** Moves the mouse off the status bar and the notifications, so no hover covers what is clicked next. */
  async moveMouseAway(): Promise<void> {
    const size = this.page.viewportSize() ?? { width: 1400, height: 900 };
    await this.page.mouse.move(size.width / 2, size.height / 3);
  }

  /** Clears every notification (toasts and the notification center) with the center's "Clear All" and hides the center. */
  async clearNotifications(): Promise<void> {
    await this.showNotificationCenter();
    const center = this.notificationCenter();
    if ((await center.locator('.notification-list-item:visible').count()) > 0) {
      await center.locator('.notifications-center-header .action-label.codicon-notifications-clear-all').click();
    }
    // the center hides itself when it becomes empty; otherwise hide it
    await this.waitFor(async () => !(await center.isVisible()) || (await center.locator('.notification-list-item:visible').count()) === 0, 'the notification center to be empty');
    if (await center.isVisible()) await center.locator('.notifications-center-header .action-label.codicon-notifications-hide').click();
    await center.waitFor({ state: 'hidden', timeout: DEFAULT_TIMEOUT_MS });
    await this.moveMouseAway();
    await this.waitFor(async () => (await this.page.locator('.notifications-toasts .notification-list-item').count()) === 0, 'no notification toast');
  }

  // ---------- screenshots ----------

  /** Saves a PNG of the whole window; returns its path. */
  async screenshot(file: string): Promise<string> {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    await this.page.screenshot({ path: file });
    return file;
  }
}
