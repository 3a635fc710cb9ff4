/**
 * ComfyUI's API-format workflow (File > Export (API)): node id -> `class_type` and `inputs`,
 * where a link is `[source node id, output index]`. The UI's own format (`nodes`, `links`)
 * is refused: `POST /prompt` does not accept it.
 */
import { z } from 'zod';

/** A link from another node's output: `[node id, output index]`. */
export type NodeLink = readonly [string, number];

/** One input value: a literal or a link. */
export type InputValue = string | number | boolean | null | NodeLink;

/** One node of an API-format workflow. */
export interface ApiNode {
  readonly class_type: string;
  readonly inputs: Readonly<Record<string, InputValue>>;
  readonly _meta?: { readonly title?: string };
}

/** A whole API-format workflow. */
export type ApiWorkflow = Readonly<Record<string, ApiNode>>;

const linkSchema = z.tuple([z.string(), z.number().int().min(0)]);

/** zod schema of an API-format workflow. */
export const apiWorkflowSchema = z.record(
  z.string().regex(/^[0-9A-Za-z_:.-]+$/),
  z.object({
    class_type: z.string().min(1),
    inputs: z.record(
      z.string(),
      z.union([z.string(), z.number(), z.boolean(), z.null(), linkSchema]),
    ),
    _meta: z.object({ title: z.string().optional() }).optional(),
  }),
);

/** True when an input value is a link to another node. */
export function isNodeLink(value: InputValue | undefined): value is NodeLink {
  return Array.isArray(value);
}
