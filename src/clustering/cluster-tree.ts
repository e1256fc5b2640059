/**
 * HDBSCAN's condensed cluster tree, built bottom-up while a (maximum) spanning forest is grown from
 * the densest link down, and its excess-of-mass selection: a group that stays together over a long
 * range of density outlives, and is preferred to, the sub-groups it would split into.
 *
 * Density levels are lambda = 1 / (1 - similarity): larger is denser. Read top-down (HDBSCAN's view),
 * joining components A and B at lambda means that above lambda they are apart.
 */

interface TreeNode {
  children: TreeNode[];
  /** Faces that belong to this node itself and not to a child cluster. */
  own: string[];
  /** Faces in the whole subtree. */
  count: number;
  /** Sum over the subtree's faces of the level at which each leaves this node (top-down). */
  sumLeave: number;
  /** Level at which this node appears top-down (it splits from its parent); null while unknown. */
  birth: number | null;
}

export class ClusterTree {
  private readonly nodeOfComponent = new Map<string, TreeNode>();
  private readonly nodes: TreeNode[] = [];

  constructor(private readonly minClusterSize: number) {}

  /**
   * Records that two components were joined at `lambda`, densest joins first. A component is named by
   * a key (its union-find root) and its members before the join; afterwards either key names the result.
   */
  join(a: { key: string; members: readonly string[] }, b: { key: string; members: readonly string[] }, lambda: number): void {
    const nodeA = this.nodeOfComponent.get(a.key);
    const nodeB = this.nodeOfComponent.get(b.key);
    const size = a.members.length + b.members.length;
    let node: TreeNode | undefined;
    if (nodeA && nodeB) {
      // Top-down: a true split into two clusters at lambda.
      nodeA.birth = lambda;
      nodeB.birth = lambda;
      node = this.add({ children: [nodeA, nodeB], own: [], count: size, sumLeave: size * lambda, birth: null });
    } else if (nodeA || nodeB) {
      // Top-down: a fragment too small to be a cluster falls out of the cluster at lambda.
      node = (nodeA ?? nodeB)!;
      const fragment = nodeA ? b.members : a.members;
      node.own.push(...fragment);
      node.count += fragment.length;
      node.sumLeave += fragment.length * lambda;
    } else if (size >= this.minClusterSize) {
      // Top-down: the cluster shrinks below the minimum size at lambda and vanishes.
      node = this.add({ children: [], own: [...a.members, ...b.members], count: size, sumLeave: size * lambda, birth: null });
    }
    if (node) {
      this.nodeOfComponent.set(a.key, node);
      this.nodeOfComponent.set(b.key, node);
    }
  }

  /**
   * The selected clusters, each a list of faces. Trees that were never joined further are born at
   * `floorLambda`, the sparsest level links were allowed at.
   */
  selectClusters(floorLambda: number): string[][] {
    const value = new Map<TreeNode, number>();
    const keep = new Set<TreeNode>();
    // Children were always added before their parents.
    for (const node of this.nodes) {
      const stability = node.sumLeave - node.count * (node.birth ?? floorLambda);
      const fromChildren = node.children.reduce((sum, child) => sum + value.get(child)!, 0);
      if (node.children.length === 0 || stability >= fromChildren) {
        keep.add(node);
        value.set(node, stability);
      } else value.set(node, fromChildren);
    }
    const clusters: string[][] = [];
    const roots = this.nodes.filter((n) => n.birth === null);
    const visit = (node: TreeNode) => {
      if (keep.has(node)) clusters.push(facesOf(node));
      // Faces that fell out of an unselected node above its children's birth stay unclustered.
      else for (const child of node.children) visit(child);
    };
    for (const root of roots) visit(root);
    return clusters;
  }

  private add(node: TreeNode): TreeNode {
    this.nodes.push(node);
    return node;
  }
}

function facesOf(node: TreeNode): string[] {
  const out = [...node.own];
  for (const child of node.children) out.push(...facesOf(child));
  return out;
}
