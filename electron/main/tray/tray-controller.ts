/**
 * The tray icon and its menu, rebuilt from the model whenever the gateway or a server changes.
 */
import type { MenuItemConstructorOptions, Tray } from 'electron';
import { trayMenuModel, type TrayAction, type TrayItem, type TrayState } from './tray-menu.ts';

/** A tray whose menu is set from a template (main.ts adapts Electron's Tray and Menu). */
export type ShellTray = Pick<Tray, 'setToolTip' | 'destroy' | 'isDestroyed'> & {
  setMenu(template: MenuItemConstructorOptions[]): void;
};

export type TrayControllerOptions = {
  createTray: () => ShellTray;
  state: () => TrayState;
  actions: Record<TrayAction, () => void>;
};

export function menuTemplate(
  items: TrayItem[],
  actions: Record<TrayAction, () => void>,
): MenuItemConstructorOptions[] {
  return items.map((item): MenuItemConstructorOptions => {
    switch (item.type) {
      case 'separator':
        return { type: 'separator' };
      case 'label':
        return { label: item.label, enabled: false };
      case 'action':
        return { label: item.label, enabled: item.enabled, click: () => actions[item.action]() };
    }
  });
}

export class TrayController {
  readonly #options: TrayControllerOptions;
  #tray?: ShellTray;

  constructor(options: TrayControllerOptions) {
    this.#options = options;
  }

  create(): void {
    if (this.#tray && !this.#tray.isDestroyed()) return;
    this.#tray = this.#options.createTray();
    this.refresh();
  }

  refresh(): void {
    const tray = this.#tray;
    if (!tray || tray.isDestroyed()) return;
    const model = trayMenuModel(this.#options.state());
    tray.setToolTip(model.tooltip);
    tray.setMenu(menuTemplate(model.items, this.#options.actions));
  }

  destroy(): void {
    if (this.#tray && !this.#tray.isDestroyed()) this.#tray.destroy();
    this.#tray = undefined;
  }
}
