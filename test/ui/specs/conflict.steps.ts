// Steps of the conflict UI specs: the extension's modal Compare / Overwrite question (a VS Code dialog in the
// workbench), what it says and its buttons.
import type { Locator } from 'playwright-core';
import type { Workbench } from '../workbench';

/** The question's first words (uploadConfirmations.ts): "The source config of connector … was changed on tenant …". */
export const CHANGED_ON_TENANT = 'was changed on tenant';

/** The modal dialog on screen. */
export function dialog(workbench: Workbench): Locator {
  return workbench.page.locator('.monaco-dialog-box').first();
}

/** Waits for the modal dialog whose message contains `text`; returns its message and detail and its buttons. */
export async function waitForDialog(workbench: Workbench, text: string, timeoutMs = 30_000): Promise<{ message: string; buttons: string[] }> {
  const box = dialog(workbench);
  await workbench.waitFor(async () => (await box.isVisible()) && (await box.innerText()).includes(text), `a dialog saying ${JSON.stringify(text)}`, timeoutMs);
  const message = (await box.locator('.dialog-message-text').innerText()).replace(/\u00a0/g, ' ');
  const buttons = (await box.locator('.dialog-buttons .monaco-button').allInnerTexts()).map((t) => t.trim());
  return { message, buttons };
}

/** Clicks a button of the modal dialog and waits until it is gone. */
export async function answerDialog(workbench: Workbench, button: string): Promise<void> {
  const box = dialog(workbench);
  await box.locator('.dialog-buttons .monaco-button').filter({ hasText: button }).first().click();
  await box.waitFor({ state: 'hidden', timeout: 30_000 });
}
