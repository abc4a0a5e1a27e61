//! Force-directed layout: deterministic for the same graph (positions are seeded from node ids,
//! not from chance) and cheap per step (repulsion only between nearby nodes, found through a grid),
//! so it can run a few steps per frame while the window stays responsive.

use super::graph::{Graph, NodeKey};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, mpsc};

/// Ideal edge length, in map units.
pub const EDGE_LENGTH: f32 = 70.0;

#[derive(Debug, Clone, Default)]
pub struct Layout {
    pub pos: HashMap<NodeKey, [f32; 2]>,
    pub pinned: HashMap<NodeKey, [f32; 2]>,
    /// Step size, cooling from 1 towards 0; the layout is settled below `SETTLED`.
    pub temperature: f32,
}

pub const SETTLED: f32 = 0.02;

/// A stable pseudo-random point for a node, from its id and the size of the graph (bigger graphs
/// start more spread out, so that the first steps do not compare every node with every other).
fn seed_point(key: NodeKey, nodes: usize) -> [f32; 2] {
    let raw = match key {
        NodeKey::Entity(e) => e.0.wrapping_mul(0x9E37_79B9_7F4A_7C15),
        NodeKey::Event(e) => (e.0 ^ 0xABCD).wrapping_mul(0xC2B2_AE3D_27D4_EB4F),
    };
    let a = (raw >> 11) as f32 / (1u64 << 53) as f32 * std::f32::consts::TAU;
    let spread = EDGE_LENGTH * (nodes.max(16) as f32).sqrt() * 0.9;
    let r = ((raw & 0x7FF) as f32 / 2048.0).sqrt() * spread + 10.0;
    [r * a.cos(), r * a.sin()]
}

impl Layout {
    /// Give new nodes a place (near an already placed neighbour if there is one) and forget
    /// nodes that are gone. Returns whether anything changed.
    pub fn sync(&mut self, g: &Graph) -> bool {
        let before = self.pos.len();
        self.pos.retain(|k, _| g.index.contains_key(k));
        let mut changed = self.pos.len() != before;
        let mut added = 0usize;
        for (i, n) in g.nodes.iter().enumerate() {
            if self.pos.contains_key(&n.key) {
                continue;
            }
            changed = true;
            added += 1;
            let p = if let Some(&p) = self.pinned.get(&n.key) {
                p
            } else {
                let anchor = g.edges.iter().find_map(|e| {
                    let other = if e.from == i {
                        e.to
                    } else if e.to == i {
                        e.from
                    } else {
                        return None;
                    };
                    self.pos.get(&g.nodes[other].key).copied()
                });
                let s = seed_point(n.key, g.nodes.len());
                match anchor {
                    Some(a) => [a[0] + s[0] * 0.15, a[1] + s[1] * 0.15],
                    None => s,
                }
            };
            self.pos.insert(n.key, p);
        }
        if changed {
            // A few new nodes in a big map only need a short, gentle settling.
            let gentle = added * 20 < g.nodes.len();
            self.temperature = self.temperature.max(if gentle { 0.08 } else { 0.5 });
        }
        changed
    }

    /// Forget pins and start again from the seeded positions.
    pub fn reset(&mut self, g: &Graph) {
        self.pinned.clear();
        self.pos.clear();
        self.sync(g);
        self.temperature = 1.0;
    }

    pub fn is_settled(&self) -> bool {
        self.temperature < SETTLED
    }

    pub fn pin(&mut self, key: NodeKey, p: [f32; 2]) {
        self.pinned.insert(key, p);
        self.pos.insert(key, p);
        // The others make room.
        self.temperature = self.temperature.max(0.2);
    }

    /// One step of the simulation; returns the largest movement.
    pub fn step(&mut self, g: &Graph) -> f32 {
        let n = g.nodes.len();
        if n == 0 {
            // Nothing to place is settled: a worker stepping an empty map would never cool and
            // spin a core (and ask for frames) for as long as the map stays empty.
            self.temperature = 0.0;
            return 0.0;
        }
        if self.is_settled() {
            return 0.0;
        }
        let pos: Vec<[f32; 2]> = g
            .nodes
            .iter()
            .map(|x| {
                self.pos
                    .get(&x.key)
                    .copied()
                    .unwrap_or_else(|| seed_point(x.key, n))
            })
            .collect();
        let mut force = repulsion(&pos);
        attraction(g, &pos, &mut force);
        // Weak pull to the centre keeps separate components in view.
        for (i, p) in pos.iter().enumerate() {
            force[i][0] -= p[0] * 0.08;
            force[i][1] -= p[1] * 0.08;
        }
        let moved = self.move_nodes(g, &pos, &force);
        self.temperature *= 0.97;
        moved
    }

    /// Move every unpinned node along its force, at most the temperature's step; returns the
    /// largest move.
    fn move_nodes(&mut self, g: &Graph, pos: &[[f32; 2]], force: &[[f32; 2]]) -> f32 {
        let max_step = EDGE_LENGTH * self.temperature;
        let mut moved = 0.0f32;
        for (i, node) in g.nodes.iter().enumerate() {
            if let Some(&p) = self.pinned.get(&node.key) {
                self.pos.insert(node.key, p);
                continue;
            }
            let [fx, fy] = force[i];
            let len = (fx * fx + fy * fy).sqrt();
            if len < 1e-6 {
                continue;
            }
            let step = len.min(max_step);
            let p = [pos[i][0] + fx / len * step, pos[i][1] + fy / len * step];
            moved = moved.max(step);
            self.pos.insert(node.key, p);
        }
        moved
    }

    /// Run until settled (or `max_steps`), for tests, exports and benchmarks.
    pub fn settle(&mut self, g: &Graph, max_steps: usize) -> usize {
        self.sync(g);
        let mut steps = 0;
        while !self.is_settled() && steps < max_steps {
            self.step(g);
            steps += 1;
        }
        steps
    }

    /// The bounding box of all nodes: min x, min y, max x, max y.
    pub fn bounds(&self) -> Option<[f32; 4]> {
        bounds_of(self.pos.values())
    }
}

/// Runs layout steps on a thread of its own, so that a big map settles without costing frames.
/// The owner keeps the layout it draws: [`submit`](Self::submit) hands the worker a copy to go
/// on from (replacing, and so cancelling, what it was doing); [`poll`](Self::poll) takes the
/// newest positions. Results of a replaced job are never taken.
pub struct LayoutRunner {
    tx: Option<mpsc::Sender<Job>>,
    shared: Arc<Mutex<Option<Published>>>,
    handle: Option<std::thread::JoinHandle<()>>,
    job: u64,
    busy: bool,
}

struct Job {
    id: u64,
    graph: Arc<Graph>,
    layout: Layout,
}

struct Published {
    job: u64,
    pos: HashMap<NodeKey, [f32; 2]>,
    temperature: f32,
}

/// Publish positions at most this often while settling (a frame at 60 Hz).
const PUBLISH_EVERY: std::time::Duration = std::time::Duration::from_millis(16);

impl LayoutRunner {
    /// Start the worker on a thread of its own; `wake` is called when new positions are ready
    /// (to ask for a frame).
    pub fn new(wake: impl Fn() + Send + 'static) -> Self {
        Self::with_spawner(wake, |work| {
            std::thread::Builder::new()
                .name("map layout".into())
                .spawn(work)
                .ok()
        })
    }

    /// Start the worker on the thread `spawn` starts (the window's list of jobs starts it); no
    /// handle back means no thread, and the layout then settles on the caller's.
    pub fn with_spawner(
        wake: impl Fn() + Send + 'static,
        spawn: impl FnOnce(Box<dyn FnOnce() + Send>) -> Option<std::thread::JoinHandle<()>>,
    ) -> Self {
        let (tx, rx) = mpsc::channel::<Job>();
        let shared: Arc<Mutex<Option<Published>>> = Arc::default();
        let out = shared.clone();
        let handle = spawn(Box::new(move || {
            let publish = |job: &Job| {
                if let Ok(mut slot) = out.lock() {
                    *slot = Some(Published {
                        job: job.id,
                        pos: job.layout.pos.clone(),
                        temperature: job.layout.temperature,
                    });
                }
                wake();
            };
            // Wait for work; run it until it settles or newer work replaces it.
            while let Ok(mut job) = rx.recv() {
                let mut last = std::time::Instant::now();
                loop {
                    match rx.try_recv() {
                        Ok(newer) => {
                            job = newer;
                            continue;
                        }
                        Err(mpsc::TryRecvError::Disconnected) => return,
                        Err(mpsc::TryRecvError::Empty) => {}
                    }
                    if job.layout.is_settled() {
                        publish(&job);
                        break;
                    }
                    job.layout.step(&job.graph);
                    if last.elapsed() >= PUBLISH_EVERY {
                        publish(&job);
                        last = std::time::Instant::now();
                    }
                }
            }
        }));
        Self {
            tx: handle.as_ref().map(|_| tx),
            shared,
            handle,
            job: 0,
            busy: false,
        }
    }

    /// Continue from `layout` on `graph` in the background. Without a worker thread (it could
    /// not be started) the layout settles here and now instead.
    pub fn submit(&mut self, graph: Arc<Graph>, layout: &mut Layout) {
        self.job += 1;
        let job = Job {
            id: self.job,
            graph,
            layout: layout.clone(),
        };
        match &self.tx {
            Some(tx) => {
                self.busy = !layout.is_settled();
                if let Err(mpsc::SendError(job)) = tx.send(job) {
                    // The worker is gone (it panicked): settle here instead.
                    self.tx = None;
                    self.busy = false;
                    layout.settle(&job.graph, 2_000);
                }
            }
            None => {
                self.busy = false;
                layout.settle(&job.graph, 2_000);
            }
        }
    }

    /// Take the newest positions of the current job into `layout` (pins stay where they are).
    /// True when something changed.
    pub fn poll(&mut self, layout: &mut Layout) -> bool {
        let Some(p) = self.shared.lock().ok().and_then(|mut slot| slot.take()) else {
            return false;
        };
        if p.job != self.job {
            return false;
        }
        layout.pos = p.pos;
        for (k, v) in &layout.pinned {
            layout.pos.insert(*k, *v);
        }
        layout.temperature = p.temperature;
        self.busy = !layout.is_settled();
        true
    }

    /// Still settling in the background.
    pub fn is_busy(&self) -> bool {
        self.busy
    }

    /// Stop where it is: the layout keeps the positions it has now.
    pub fn cancel(&mut self, graph: Arc<Graph>, layout: &mut Layout) {
        layout.temperature = 0.0;
        self.submit(graph, layout);
    }
}

impl Drop for LayoutRunner {
    fn drop(&mut self) {
        // Closing the channel ends the worker after its current step.
        self.tx = None;
        if let Some(h) = self.handle.take() {
            let _ = h.join();
        }
    }
}

impl std::fmt::Debug for LayoutRunner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LayoutRunner")
            .field("job", &self.job)
            .field("busy", &self.busy)
            .finish()
    }
}

/// How far a layout has cooled, 0 (just started) to 1 (settled), for a progress bar.
pub fn progress(temperature: f32) -> f32 {
    if temperature <= SETTLED {
        return 1.0;
    }
    let t = temperature.min(1.0);
    (t.ln() / SETTLED.ln()).clamp(0.0, 1.0)
}

/// Repulsion from nodes within 2.5 edge lengths, found through a grid of cells that size:
/// nodes sorted by cell, each cell a run of that order.
fn repulsion(pos: &[[f32; 2]]) -> Vec<[f32; 2]> {
    let k = EDGE_LENGTH;
    let cell = 2.5 * k;
    let cell_of = |p: [f32; 2]| ((p[0] / cell).floor() as i32, (p[1] / cell).floor() as i32);
    let key_of = |c: (i32, i32)| (i64::from(c.0) << 32) | i64::from(c.1 as u32);
    let mut order: Vec<(i64, usize)> = pos
        .iter()
        .enumerate()
        .map(|(i, p)| (key_of(cell_of(*p)), i))
        .collect();
    order.sort_unstable();
    let run = |key: i64| -> &[(i64, usize)] {
        let lo = order.partition_point(|(c, _)| *c < key);
        let hi = order.partition_point(|(c, _)| *c <= key);
        &order[lo..hi]
    };
    let mut force = vec![[0.0f32; 2]; pos.len()];
    for (i, p) in pos.iter().enumerate() {
        let (cx, cy) = cell_of(*p);
        for dx in -1..=1 {
            for dy in -1..=1 {
                for &(_, j) in run(key_of((cx + dx, cy + dy))) {
                    if j != i {
                        push_apart(i, j, *p, pos[j], cell, &mut force[i]);
                    }
                }
            }
        }
    }
    force
}

/// The force with which node `j` at `q` pushes node `i` at `p`: k²/d along the line between
/// them, within `reach`.
fn push_apart(i: usize, j: usize, p: [f32; 2], q: [f32; 2], reach: f32, f: &mut [f32; 2]) {
    let k = EDGE_LENGTH;
    let (mut dx, mut dy) = (p[0] - q[0], p[1] - q[1]);
    let mut d2 = dx * dx + dy * dy;
    if d2 < 0.01 {
        // Two nodes on one spot: push apart along a direction fixed by their indices, so the
        // result stays deterministic.
        let a = (i * 7 + j * 13) as f32;
        dx = a.cos();
        dy = a.sin();
        d2 = 1.0;
    }
    if d2 < reach * reach {
        // k²/d along the unit vector: k² · (dx, dy) / d².
        let s = k * k / d2;
        f[0] += dx * s;
        f[1] += dy * s;
    }
}

/// Attraction along edges, at half strength: clusters of events stay readable instead of
/// collapsing.
fn attraction(g: &Graph, pos: &[[f32; 2]], force: &mut [[f32; 2]]) {
    for e in &g.edges {
        let (a, b) = (e.from, e.to);
        if a == b {
            continue;
        }
        let (dx, dy) = (pos[b][0] - pos[a][0], pos[b][1] - pos[a][1]);
        let d = (dx * dx + dy * dy).sqrt().max(0.01);
        let f = 0.5 * d / EDGE_LENGTH;
        force[a][0] += dx * f;
        force[a][1] += dy * f;
        force[b][0] -= dx * f;
        force[b][1] -= dy * f;
    }
}

/// The box `[x0, y0, x1, y1]` around the points, `None` for none.
pub fn bounds_of<'a>(points: impl IntoIterator<Item = &'a [f32; 2]>) -> Option<[f32; 4]> {
    let mut it = points.into_iter();
    let first = it.next()?;
    let mut b = [first[0], first[1], first[0], first[1]];
    for p in it {
        b[0] = b[0].min(p[0]);
        b[1] = b[1].min(p[1]);
        b[2] = b[2].max(p[0]);
        b[3] = b[3].max(p[1]);
    }
    Some(b)
}

#[cfg(test)]
mod tests {
    use super::super::graph::{GraphFilter, build};
    use super::*;

    fn graph() -> Graph {
        build(
            &super::super::graph::tests::session(),
            &GraphFilter::default(),
        )
    }

    #[test]
    fn deterministic() {
        let g = graph();
        let mut a = Layout {
            temperature: 1.0,
            ..Default::default()
        };
        let mut b = Layout {
            temperature: 1.0,
            ..Default::default()
        };
        a.settle(&g, 500);
        b.settle(&g, 500);
        for n in &g.nodes {
            assert_eq!(a.pos[&n.key], b.pos[&n.key]);
        }
    }

    fn wait_for(runner: &mut LayoutRunner, l: &mut Layout) {
        for _ in 0..2000 {
            runner.poll(l);
            if !runner.is_busy() {
                return;
            }
            std::thread::sleep(std::time::Duration::from_millis(2));
        }
        panic!("the worker did not settle");
    }

    #[test]
    fn the_worker_settles_exactly_like_stepping_here() {
        let g = Arc::new(graph());
        let mut here = Layout {
            temperature: 1.0,
            ..Default::default()
        };
        here.sync(&g);
        let mut there = here.clone();
        here.settle(&g, 5000);
        let mut runner = LayoutRunner::new(|| {});
        runner.submit(g.clone(), &mut there);
        assert!(runner.is_busy());
        wait_for(&mut runner, &mut there);
        assert!(there.is_settled());
        assert_eq!(here.pos, there.pos);
    }

    /// An empty map (every new session) is settled at once; it used to keep the worker stepping
    /// and the window repainting on both cores.
    #[test]
    fn an_empty_map_settles_at_once() {
        let empty = Arc::new(Graph::default());
        let mut l = Layout {
            temperature: 1.0,
            ..Default::default()
        };
        l.step(&empty);
        assert!(l.is_settled());
        let mut l = Layout {
            temperature: 1.0,
            ..Default::default()
        };
        let mut runner = LayoutRunner::new(|| {});
        runner.submit(empty, &mut l);
        wait_for(&mut runner, &mut l);
        assert!(!runner.is_busy());
    }

    #[test]
    fn newer_work_replaces_older_and_pins_hold() {
        let g = Arc::new(graph());
        let mut l = Layout {
            temperature: 1.0,
            ..Default::default()
        };
        l.sync(&g);
        let mut runner = LayoutRunner::new(|| {});
        runner.submit(g.clone(), &mut l);
        let key = g.nodes[0].key;
        l.pin(key, [500.0, -500.0]);
        l.temperature = 1.0;
        runner.submit(g.clone(), &mut l);
        wait_for(&mut runner, &mut l);
        assert_eq!(l.pos[&key], [500.0, -500.0]);
        // Stopping keeps the positions as they are.
        l.temperature = 1.0;
        runner.submit(g.clone(), &mut l);
        runner.cancel(g.clone(), &mut l);
        let before = l.pos.clone();
        wait_for(&mut runner, &mut l);
        assert_eq!(l.pos, before);
        assert!(l.is_settled());
    }

    #[test]
    fn progress_runs_from_zero_to_one() {
        assert_eq!(progress(1.0), 0.0);
        assert_eq!(progress(SETTLED / 2.0), 1.0);
        assert!(progress(0.2) > 0.0 && progress(0.2) < 1.0);
    }

    #[test]
    fn settles_and_separates_nodes() {
        let g = graph();
        let mut l = Layout {
            temperature: 1.0,
            ..Default::default()
        };
        let steps = l.settle(&g, 1000);
        assert!(l.is_settled(), "after {steps} steps");
        let ps: Vec<[f32; 2]> = g.nodes.iter().map(|n| l.pos[&n.key]).collect();
        for i in 0..ps.len() {
            for j in i + 1..ps.len() {
                let d = ((ps[i][0] - ps[j][0]).powi(2) + (ps[i][1] - ps[j][1]).powi(2)).sqrt();
                assert!(d > 10.0, "nodes {i} and {j} overlap: {d}");
            }
        }
        // Linked nodes end nearer than the spread of the whole graph.
        let b = l.bounds().unwrap();
        let e = &g.edges[0];
        let d =
            ((ps[e.from][0] - ps[e.to][0]).powi(2) + (ps[e.from][1] - ps[e.to][1]).powi(2)).sqrt();
        assert!(d < (b[2] - b[0]).max(b[3] - b[1]));
    }

    #[test]
    fn pinned_nodes_stay() {
        let g = graph();
        let mut l = Layout {
            temperature: 1.0,
            ..Default::default()
        };
        let key = g.nodes[0].key;
        l.sync(&g);
        l.pin(key, [500.0, -300.0]);
        l.settle(&g, 300);
        assert_eq!(l.pos[&key], [500.0, -300.0]);
        l.reset(&g);
        assert!(l.pinned.is_empty());
        assert_ne!(l.pos[&key], [500.0, -300.0]);
    }
}
