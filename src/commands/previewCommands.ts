// Commands of the source-config form and correlation rules preview.
import { CommandIds } from '../constants';
import type { CommandHandler, CommandServices } from './registerCommands';

export function previewCommandHandlers({ preview }: Pick<CommandServices, 'preview'>): Record<string, CommandHandler> {
  return {
    [CommandIds.showPreviewToSide]: (target?: unknown) => preview.show(target, true),
    [CommandIds.showPreview]: (target?: unknown) => preview.show(target, false),
    [CommandIds.previewState]: () => preview.snapshots(),
  };
}
