// Base of every node of the Connectors view: a stable, tenant-prefixed id, its parent, its own TreeItem and its
// own children (built from the tenant's ConnectorRepository; the provider only asks the root).
import type * as vscode from 'vscode';
import type { ConnectorRepositories } from '../../connectors/connectorRepositories';
import type { ApiLayoutState } from '../../isc/apiLayout';
import type { Logger } from '../../util/logger';

/** Each tenant's API layout (its setting and the layout its client uses), and when a client found one. */
export interface TenantApiLayouts {
  apiLayoutOf(tenantId: string): ApiLayoutState | undefined;
  readonly onDidDetectApiLayout: vscode.Event<string>;
}

/** What nodes build their children from. */
export interface TreeContext {
  readonly repositories: ConnectorRepositories;
  readonly logger: Logger;
  /** The tenants' API layouts (the tenant node's tooltip), when the view is given them. */
  readonly apiLayouts?: TenantApiLayouts;
  /** Shows the view's progress bar while `work` runs. */
  withProgress<T>(work: Promise<T>): Promise<T>;
}

export abstract class TreeNode {
  /** Stable across refreshes; starts with `tenant/<tenantId>` for everything under a tenant. */
  abstract readonly id: string;

  constructor(readonly parent: TreeNode | undefined) {}

  abstract getTreeItem(): vscode.TreeItem;

  /** Children; may reject (the provider turns failures into message nodes). */
  getChildren(): TreeNode[] | Promise<TreeNode[]> {
    return [];
  }

  /** The tenant this node belongs to (undefined at the root). */
  get tenantId(): string | undefined {
    return this.parent?.tenantId;
  }
}
