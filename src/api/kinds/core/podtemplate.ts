// PodTemplate: the template's pod defaults and validation.
import type { KObj } from '../../resource-info.js';
import type { StrategyOverrides } from '../index.js';
import { defaultPodTemplate } from './pod.js';
import { validatePodTemplateSpec } from './pod-spec-validation.js';

export const podTemplateStrategy: StrategyOverrides = {
  defaults: (pt: KObj) => defaultPodTemplate(pt.template),
  validate: (pt: KObj) => validatePodTemplateSpec(pt.template, 'template'),
};
