// Types of vendors.mjs, for the TypeScript that imports it (e2e/).
import type { VendorDefinition } from '@jobwire/core/definition';

/** A vendor package of this workspace. */
export interface WorkspaceVendor {
  /** The vendor id (`alteryx-server`). */
  id: string;
  /** Its folder under packages/. */
  dir: string;
  /** Its package name (`@jobwire/alteryx-server`). */
  name: string;
  /** Its version. */
  version: string;
}

/** Every vendor package of the workspace, sorted by id. */
export function workspaceVendors(): WorkspaceVendor[];

/** A vendor's built definition; needs `pnpm build` first. */
export function loadBuiltDefinition(vendor: WorkspaceVendor): Promise<VendorDefinition>;
