// The in-tree plugins: the only place that lists them (upstream's NewInTreeRegistry), and the default
// profile in upstream's order with upstream's score weights.
import type { PluginFactory } from '../framework/interfaces.js';
import type { Profile } from '../framework/runtime.js';
import { DefaultBinder } from './default-binder.js';
import { DefaultPreemption, type DefaultPreemptionArgs } from './default-preemption.js';
import { ImageLocality } from './image-locality.js';
import { InterPodAffinity, type InterPodAffinityArgs } from './inter-pod-affinity.js';
import { names } from './names.js';
import { NodeAffinity } from './node-affinity.js';
import { NodeName } from './node-name.js';
import { NodePorts } from './node-ports.js';
import { NodeResourcesBalancedAllocation } from './node-resources-balanced-allocation.js';
import { NodeResourcesFit, type NodeResourcesFitArgs } from './node-resources-fit.js';
import { NodeUnschedulable } from './node-unschedulable.js';
import { PodTopologySpread, type PodTopologySpreadArgs } from './pod-topology-spread.js';
import { PrioritySort } from './priority-sort.js';
import { SchedulingGates } from './scheduling-gates.js';
import type { ResourceSpec } from './resource-allocation.js';
import { TaintToleration } from './taint-toleration.js';
import { VolumeBinding } from './volume-binding.js';

export const DEFAULT_SCHEDULER_NAME = 'default-scheduler';

export function inTreeRegistry(): Map<string, PluginFactory> {
  return new Map<string, PluginFactory>([
    [names.PrioritySort, () => new PrioritySort()],
    [names.SchedulingGates, () => new SchedulingGates()],
    [names.NodeUnschedulable, () => new NodeUnschedulable()],
    [names.NodeName, () => new NodeName()],
    [names.TaintToleration, () => new TaintToleration()],
    [names.NodeAffinity, () => new NodeAffinity()],
    [names.NodePorts, () => new NodePorts()],
    [names.VolumeBinding, (_args, h) => new VolumeBinding(h)],
    [names.NodeResourcesFit, (args) => new NodeResourcesFit((args ?? {}) as NodeResourcesFitArgs)],
    [names.PodTopologySpread, (args, h) => new PodTopologySpread(h, (args ?? {}) as PodTopologySpreadArgs)],
    [names.InterPodAffinity, (args, h) => new InterPodAffinity(h, (args ?? {}) as InterPodAffinityArgs)],
    [names.DefaultPreemption, (args, h) => new DefaultPreemption(h, (args ?? {}) as DefaultPreemptionArgs)],
    [names.NodeResourcesBalancedAllocation, (args) => new NodeResourcesBalancedAllocation((args ?? {}) as { resources?: readonly ResourceSpec[] })],
    [names.ImageLocality, (_args, h) => new ImageLocality(h)],
    [names.DefaultBinder, (_args, h) => new DefaultBinder(h)],
  ]);
}

/** upstream's default profile (MultiPoint order and weights). */
export function defaultProfile(schedulerName = DEFAULT_SCHEDULER_NAME): Profile {
  return {
    schedulerName,
    plugins: [
      { name: names.SchedulingGates },
      { name: names.PrioritySort },
      { name: names.NodeUnschedulable },
      { name: names.NodeName },
      { name: names.TaintToleration, weight: 3 },
      { name: names.NodeAffinity, weight: 2 },
      { name: names.NodePorts },
      { name: names.NodeResourcesFit, weight: 1 },
      { name: names.VolumeBinding },
      { name: names.PodTopologySpread, weight: 2 },
      { name: names.InterPodAffinity, weight: 2 },
      { name: names.DefaultPreemption },
      { name: names.NodeResourcesBalancedAllocation, weight: 1 },
      { name: names.ImageLocality, weight: 1 },
      { name: names.DefaultBinder },
    ],
  };
}
