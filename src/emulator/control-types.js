// @ts-check
// The shapes the control API's route tables share (control-routes.js and the state and socket
// routes it includes), in a module of their own so that none of them imports another for a type.

/** @typedef {import('./instance-registry.js').InstanceRegistry} InstanceRegistry */
/**
 * @typedef {object} ControlRequest
 * @property {Record<string, unknown>} body parsed JSON body; {} for GET, DELETE and empty bodies
 * @property {string[]} params path captures
 * @property {InstanceRegistry} registry
 * @property {number} now epoch ms
 */
/** @typedef {{ status?: number, value: unknown } | { png: Buffer }} ControlAnswer */
/** @typedef {(request: ControlRequest) => ControlAnswer | Promise<ControlAnswer>} ControlHandler */
/** @typedef {[verb: string, pattern: RegExp, handler: ControlHandler]} ControlRoute */

export {};
