// Base of every node of the Connectors view: a stable, tenant-prefixed id, its parent, and its own TreeItem.
import type * as vscode from 'vscode';

export abstract class TreeNode {
  /** Stable across refreshes; starts with `tenant/<tenantId>` for everything under a tenant. */
  abstract readonly id: string;

  constructor(readonly parent: TreeNode | undefined) {}

  abstract getTreeItem(): vscode.TreeItem;

  /** Children; may reject (the provider turns failures into message nodes). */
  getChildren(): TreeNode[] | Promise<TreeNode[]> {
    return [];
  }
}
