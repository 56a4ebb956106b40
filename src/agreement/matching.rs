//! One-to-one matching of two annotators' spans: the largest number of
//! pairs, and among matchings of that size the largest total weight
//! (shared code points). Solved exactly as a min-cost max-flow by
//! successive shortest augmenting paths (Dijkstra with Johnson potentials),
//! not greedily: a greedy pass can pair a long span with the wrong partner
//! and lose a pair that a maximum matching keeps.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// An admissible pair: left index, right index, weight (> 0).
pub type Candidate = (usize, usize, u64);

struct Edge {
    to: usize,
    cap: u8,
    cost: i64,
}

/// The matching of `left` × `right` items over `candidates` that has the
/// most pairs, ties broken by the largest total weight. Returns
/// `(left, right)` pairs sorted by left index.
pub fn max_matching(left: usize, right: usize, candidates: &[Candidate]) -> Vec<(usize, usize)> {
    if candidates.is_empty() {
        return Vec::new();
    }
    // When no item has two candidates, every candidate is in the matching:
    // the usual case (clusters of one span per annotator) needs no flow.
    let mut left_seen = vec![false; left];
    let mut right_seen = vec![false; right];
    let disjoint = candidates.iter().all(|&(l, r, _)| {
        !std::mem::replace(&mut left_seen[l], true) && !std::mem::replace(&mut right_seen[r], true)
    });
    if disjoint {
        let mut pairs: Vec<(usize, usize)> = candidates.iter().map(|&(l, r, _)| (l, r)).collect();
        pairs.sort_unstable();
        return pairs;
    }
    let source = left + right;
    let sink = source + 1;
    let n = sink + 1;
    let mut edges: Vec<Edge> = Vec::with_capacity(2 * (candidates.len() + left + right));
    let mut graph: Vec<Vec<usize>> = vec![Vec::new(); n];
    let add =
        |edges: &mut Vec<Edge>, graph: &mut Vec<Vec<usize>>, a: usize, b: usize, cost: i64| {
            graph[a].push(edges.len());
            edges.push(Edge {
                to: b,
                cap: 1,
                cost,
            });
            graph[b].push(edges.len());
            edges.push(Edge {
                to: a,
                cap: 0,
                cost: -cost,
            });
        };
    for i in 0..left {
        add(&mut edges, &mut graph, source, i, 0);
    }
    let first_pair_edge = edges.len();
    for &(l, r, w) in candidates {
        // Weights are code point counts, far below i64::MAX.
        add(
            &mut edges,
            &mut graph,
            l,
            left + r,
            -(w.min(i64::MAX as u64 / 4) as i64),
        );
    }
    let after_pair_edges = edges.len();
    for j in 0..right {
        add(&mut edges, &mut graph, left + j, sink, 0);
    }

    // Initial potentials: the graph is a DAG (source → left → right → sink),
    // so shortest distances come from one pass in that order.
    let mut potential = vec![0i64; n];
    for &(_, r, w) in candidates {
        let c = -(w.min(i64::MAX as u64 / 4) as i64);
        potential[left + r] = potential[left + r].min(c);
    }
    potential[sink] = (0..right).map(|j| potential[left + j]).min().unwrap_or(0);

    let mut dist = vec![i64::MAX; n];
    let mut prev_edge = vec![usize::MAX; n];
    loop {
        dist.iter_mut().for_each(|d| *d = i64::MAX);
        prev_edge.iter_mut().for_each(|p| *p = usize::MAX);
        dist[source] = 0;
        let mut heap = BinaryHeap::new();
        heap.push(Reverse((0i64, source)));
        while let Some(Reverse((d, u))) = heap.pop() {
            if d > dist[u] {
                continue;
            }
            for &e in &graph[u] {
                let edge = &edges[e];
                if edge.cap == 0 {
                    continue;
                }
                // Reduced costs are non-negative with exact potentials.
                let nd = d + edge.cost + potential[u] - potential[edge.to];
                if nd < dist[edge.to] {
                    dist[edge.to] = nd;
                    prev_edge[edge.to] = e;
                    heap.push(Reverse((nd, edge.to)));
                }
            }
        }
        if dist[sink] == i64::MAX {
            break;
        }
        for v in 0..n {
            if dist[v] != i64::MAX {
                potential[v] += dist[v];
            }
        }
        let mut v = sink;
        while v != source {
            let e = prev_edge[v];
            edges[e].cap -= 1;
            edges[e ^ 1].cap += 1;
            v = edges[e ^ 1].to;
        }
    }

    let mut pairs: Vec<(usize, usize)> = (first_pair_edge..after_pair_edges)
        .step_by(2)
        .filter(|&e| edges[e].cap == 0)
        .map(|e| (edges[e ^ 1].to, edges[e].to - left))
        .collect();
    pairs.sort_unstable();
    pairs
}

/// Code points shared by `a_start..a_end` and `b_start..b_end`.
pub fn overlap(a: (usize, usize), b: (usize, usize)) -> usize {
    a.1.min(b.1).saturating_sub(a.0.max(b.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefers_more_pairs_over_more_overlap() {
        // Left 0 overlaps right 0 a lot and right 1 a little; left 1 only
        // overlaps right 0. Greedy by overlap takes (0,0) and loses left 1.
        let pairs = max_matching(2, 2, &[(0, 0, 50), (0, 1, 2), (1, 0, 3)]);
        assert_eq!(pairs, vec![(0, 1), (1, 0)]);
    }

    #[test]
    fn ties_go_to_larger_overlap() {
        let pairs = max_matching(2, 2, &[(0, 0, 5), (0, 1, 9), (1, 0, 9), (1, 1, 5)]);
        assert_eq!(pairs, vec![(0, 1), (1, 0)]);
        let pairs = max_matching(1, 2, &[(0, 0, 5), (0, 1, 9)]);
        assert_eq!(pairs, vec![(0, 1)]);
    }

    #[test]
    fn brute_force_agrees_on_small_graphs() {
        // Every subset of candidates that is a matching, scored
        // (pairs, weight): the algorithm must reach the best score.
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for _ in 0..300 {
            let (l, r) = (1 + next() as usize % 4, 1 + next() as usize % 4);
            let mut cands = Vec::new();
            for i in 0..l {
                for j in 0..r {
                    if next() % 2 == 0 {
                        cands.push((i, j, 1 + next() % 6));
                    }
                }
            }
            let mut best = (0usize, 0u64);
            for mask in 0u32..(1 << cands.len()) {
                let chosen: Vec<&Candidate> = cands
                    .iter()
                    .enumerate()
                    .filter(|(k, _)| mask & (1 << k) != 0)
                    .map(|(_, c)| c)
                    .collect();
                let mut ls: Vec<usize> = chosen.iter().map(|c| c.0).collect();
                let mut rs: Vec<usize> = chosen.iter().map(|c| c.1).collect();
                ls.sort_unstable();
                ls.dedup();
                rs.sort_unstable();
                rs.dedup();
                if ls.len() == chosen.len() && rs.len() == chosen.len() {
                    best = best.max((chosen.len(), chosen.iter().map(|c| c.2).sum()));
                }
            }
            let got = max_matching(l, r, &cands);
            let weight: u64 = got
                .iter()
                .map(|&(i, j)| cands.iter().find(|c| c.0 == i && c.1 == j).unwrap().2)
                .sum();
            assert_eq!((got.len(), weight), best, "{cands:?}");
        }
    }
}
