// Every Docker object the project creates carries these labels; nothing without them is touched.
export const LABEL_LAB = 'lvslab.lab';
export const LABEL_NODE = 'lvslab.node';
export const LABEL_IMAGE = 'lvslab.image';
/** The doctor's throwaway probe belongs to no lab. */
export const LABEL_PROBE = 'lvslab.probe';

/** Prefixed so they never collide with a user's own containers and networks. */
export const containerName = (lab: string, node: string) => `lvslab-${lab}-${node}`;
export const networkName = (lab: string, network: string) => `lvslab-${lab}-${network}`;

export const labFilter = (lab: string) => ({ label: [`${LABEL_LAB}=${lab}`] });
