import type { Host } from '../host';
import { express4Host, express5Host } from './express';

/** Every host the conformance suite runs against. */
export const HOSTS: readonly Host[] = [express5Host, express4Host];
