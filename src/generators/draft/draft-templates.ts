/** The draft backend's templates. Bump a version when its output would change. */
import type { StageKind } from '../generator-backend.js';
import type { StageTemplate, TemplateResolver } from '../stage-template.js';

/** One template per stage; the draft backend has no other. */
export const DRAFT_TEMPLATES: Readonly<Record<StageKind, StageTemplate>> = {
  still: { name: 'draft-still', version: '3' },
  video: { name: 'draft-video', version: '2' },
  upscale: { name: 'draft-upscale', version: '1' },
};

/** The draft backend ignores requested (GPU) template names: it has one way to make each stage. */
export const draftTemplateResolver: TemplateResolver = (stage) => DRAFT_TEMPLATES[stage];
