//! The window's tiled layout (the chrome's state): every view is a tile the analyst can drag,
//! split, tab and close (`egui_tiles`), named layouts for the common jobs, and whether the map
//! sits in a window of its own. Saved between runs; what each tile draws is `app::tiles`.

use egui_tiles::{Container, Tile, TileId, Tiles, Tree};
use serde::{Deserialize, Serialize};

/// One view of the window, as a tile.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Pane {
    /// The article with its find bar and type strip.
    Text,
    /// The selected mention, entity, event or relation.
    Inspector,
    Map,
    Entities,
    Events,
    Mentions,
    Suggestions,
    Timeline,
    /// The places on a map of the world.
    Places,
    /// The project's article list.
    Articles,
    /// The project registry.
    Registry,
    ProjectMap,
    ProjectEvents,
    ProjectFind,
}

impl Pane {
    pub const ALL: [Pane; 14] = [
        Pane::Text,
        Pane::Inspector,
        Pane::Map,
        Pane::Entities,
        Pane::Events,
        Pane::Mentions,
        Pane::Suggestions,
        Pane::Timeline,
        Pane::Places,
        Pane::Articles,
        Pane::Registry,
        Pane::ProjectMap,
        Pane::ProjectEvents,
        Pane::ProjectFind,
    ];

    /// Its tab's title.
    pub fn title(self) -> &'static str {
        match self {
            Pane::Text => "Text",
            Pane::Inspector => "Inspector",
            Pane::Map => "Map",
            Pane::Entities => "Entities",
            Pane::Events => "Events",
            Pane::Mentions => "Mentions",
            Pane::Suggestions => "Suggestions",
            Pane::Timeline => "Timeline",
            Pane::Places => "World map",
            Pane::Articles => "Articles",
            Pane::Registry => "Registry",
            Pane::ProjectMap => "Project map",
            Pane::ProjectEvents => "Project events",
            Pane::ProjectFind => "Find in project",
        }
    }

    /// Shown only while a project is open (kept in the layout, hidden otherwise).
    pub fn needs_project(self) -> bool {
        match self {
            Pane::Articles
            | Pane::Registry
            | Pane::ProjectMap
            | Pane::ProjectEvents
            | Pane::ProjectFind => true,
            Pane::Text
            | Pane::Inspector
            | Pane::Map
            | Pane::Entities
            | Pane::Events
            | Pane::Mentions
            | Pane::Suggestions
            | Pane::Timeline
            | Pane::Places => false,
        }
    }

    /// Where a pane missing from the layout is put back: beside the panes of its kind.
    fn neighbours(self) -> &'static [Pane] {
        match self {
            Pane::Text => &[],
            Pane::Inspector => &[Pane::Map, Pane::Entities],
            Pane::Map | Pane::Entities | Pane::Registry | Pane::ProjectMap | Pane::Places => &[
                Pane::Map,
                Pane::Places,
                Pane::Entities,
                Pane::Registry,
                Pane::ProjectMap,
                Pane::Inspector,
            ],
            Pane::Articles => &[Pane::Registry, Pane::Entities],
            Pane::Events
            | Pane::Mentions
            | Pane::Suggestions
            | Pane::Timeline
            | Pane::ProjectEvents
            | Pane::ProjectFind => &[
                Pane::Events,
                Pane::Mentions,
                Pane::Suggestions,
                Pane::Timeline,
                Pane::ProjectEvents,
                Pane::ProjectFind,
            ],
        }
    }
}

/// The layouts a menu entry, the palette or a key switches to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum NamedLayout {
    /// Text first, inspector and map beside it, lists below.
    Annotate,
    /// The map large, the text beside it.
    Explore,
    /// The suggestions the width of the window, under the text.
    Review,
    /// The articles, the registry and the project's views around the text.
    Project,
    /// Comparing two sessions: the text wide, the inspector and the mentions beside it.
    Curate,
}

impl NamedLayout {
    pub const ALL: [NamedLayout; 5] = [
        NamedLayout::Annotate,
        NamedLayout::Explore,
        NamedLayout::Review,
        NamedLayout::Project,
        NamedLayout::Curate,
    ];

    pub fn name(self) -> &'static str {
        match self {
            NamedLayout::Annotate => "Annotate",
            NamedLayout::Explore => "Explore",
            NamedLayout::Review => "Review",
            NamedLayout::Project => "Project",
            NamedLayout::Curate => "Curate",
        }
    }

    /// The tile tree of this layout. Shares are chosen so that the text keeps a readable
    /// measure (ten words a line or more) at 1280×720 with the project's panes shown.
    pub fn tree(self) -> Tree<Pane> {
        let mut b = Builder::default();
        let root = match self {
            NamedLayout::Annotate => {
                let articles = b.tabs(&[Pane::Articles, Pane::Registry]);
                let text = b.tabs(&[Pane::Text]);
                let inspector = b.tabs(&[Pane::Inspector]);
                let map = b.tabs(&[Pane::Map, Pane::Places, Pane::Entities, Pane::ProjectMap]);
                let side = b.vertical(&[(inspector, 0.45), (map, 0.55)]);
                let top = b.horizontal(&[(articles, 0.16), (text, 0.52), (side, 0.32)]);
                // The lists take the window's width: their columns need it.
                let lists = b.tabs(&[
                    Pane::Events,
                    Pane::Mentions,
                    Pane::Suggestions,
                    Pane::Timeline,
                    Pane::ProjectEvents,
                    Pane::ProjectFind,
                ]);
                b.vertical(&[(top, 0.7), (lists, 0.3)])
            }
            NamedLayout::Explore => {
                let text = b.tabs(&[Pane::Text, Pane::Articles]);
                let map = b.tabs(&[Pane::Map, Pane::Places, Pane::ProjectMap, Pane::Entities]);
                let inspector = b.tabs(&[Pane::Inspector, Pane::Registry]);
                let lists = b.tabs(&[Pane::Events, Pane::Timeline, Pane::ProjectEvents]);
                let right = b.vertical(&[(map, 0.72), (lists, 0.28)]);
                let left = b.vertical(&[(text, 0.7), (inspector, 0.3)]);
                b.horizontal(&[(left, 0.46), (right, 0.54)])
            }
            NamedLayout::Review => {
                let articles = b.tabs(&[Pane::Articles]);
                let text = b.tabs(&[Pane::Text]);
                let inspector = b.tabs(&[Pane::Inspector, Pane::Entities, Pane::Map]);
                let top = b.horizontal(&[(articles, 0.15), (text, 0.55), (inspector, 0.3)]);
                // The suggestions with their columns, the width of the window.
                let lists = b.tabs(&[Pane::Suggestions, Pane::Events, Pane::Mentions]);
                b.vertical(&[(top, 0.6), (lists, 0.4)])
            }
            NamedLayout::Project => {
                let articles = b.tabs(&[Pane::Articles]);
                let registry = b.tabs(&[Pane::Registry, Pane::Entities]);
                let left = b.vertical(&[(articles, 0.5), (registry, 0.5)]);
                let text = b.tabs(&[Pane::Text]);
                let map = b.tabs(&[Pane::ProjectMap, Pane::Places, Pane::Map]);
                let inspector = b.tabs(&[Pane::Inspector]);
                let right = b.vertical(&[(map, 0.55), (inspector, 0.45)]);
                let top = b.horizontal(&[(left, 0.2), (text, 0.48), (right, 0.32)]);
                let lists = b.tabs(&[
                    Pane::ProjectEvents,
                    Pane::ProjectFind,
                    Pane::Timeline,
                    Pane::Events,
                ]);
                b.vertical(&[(top, 0.7), (lists, 0.3)])
            }
            NamedLayout::Curate => {
                let text = b.tabs(&[Pane::Text]);
                let inspector = b.tabs(&[Pane::Inspector]);
                let lists = b.tabs(&[Pane::Mentions, Pane::Events, Pane::Map]);
                let side = b.vertical(&[(inspector, 0.5), (lists, 0.5)]);
                b.horizontal(&[(text, 0.64), (side, 0.36)])
            }
        };
        Tree::new(egui::Id::unique("dossier-tiles"), root, b.tiles)
    }
}

/// Builds a tile tree from tab groups and weighted rows and columns.
#[derive(Default)]
struct Builder {
    tiles: Tiles<Pane>,
}

impl Builder {
    fn tabs(&mut self, panes: &[Pane]) -> TileId {
        let ids = panes.iter().map(|p| self.tiles.insert_pane(*p)).collect();
        self.tiles.insert_tab_tile(ids)
    }

    fn horizontal(&mut self, children: &[(TileId, f32)]) -> TileId {
        let id = self
            .tiles
            .insert_horizontal_tile(children.iter().map(|(c, _)| *c).collect());
        self.set_shares(id, children);
        id
    }

    fn vertical(&mut self, children: &[(TileId, f32)]) -> TileId {
        let id = self
            .tiles
            .insert_vertical_tile(children.iter().map(|(c, _)| *c).collect());
        self.set_shares(id, children);
        id
    }

    fn set_shares(&mut self, id: TileId, children: &[(TileId, f32)]) {
        if let Some(Tile::Container(Container::Linear(l))) = self.tiles.get_mut(id) {
            for (c, share) in children {
                l.shares.set_share(*c, *share);
            }
        }
    }
}

/// Where the entity map is shown: in the layout, or a window of its own (for a second screen).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum MapPlace {
    Window,
    /// A tile of the layout. Older preferences' "Side" and "Main" read as this.
    #[default]
    #[serde(other)]
    Tiles,
}

/// What the analyst can do to the layout.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LayoutAction {
    /// Bring this view to the front (put back in the layout if it was closed).
    Show(Pane),
    /// Switch to a named layout.
    Use(NamedLayout),
    /// The current named layout as it was made, undoing the analyst's rearrangement.
    Reset,
    /// Show or hide the type strip over the text.
    TogglePalette,
    /// The map in a window of its own (again, or closing it: back in the layout).
    MapWindow,
}

/// The layout's state, saved between runs.
#[derive(Clone, Serialize, Deserialize)]
pub struct Layout {
    pub tree: Tree<Pane>,
    /// The named layout last chosen (what Reset goes back to).
    pub named: NamedLayout,
    pub map_place: MapPlace,
    pub show_palette: bool,
}

/// The layout's choices the views read (the tree stays with the layout, which the tiles change
/// while the views draw).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Choices {
    pub named: NamedLayout,
    pub map_place: MapPlace,
    pub show_palette: bool,
}

impl Layout {
    pub fn choices(&self) -> Choices {
        Choices {
            named: self.named,
            map_place: self.map_place,
            show_palette: self.show_palette,
        }
    }
}

impl Default for Layout {
    fn default() -> Self {
        Self::named(NamedLayout::Annotate)
    }
}

impl std::fmt::Debug for Layout {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Layout")
            .field("named", &self.named)
            .field("panes", &self.panes())
            .finish()
    }
}

impl Layout {
    pub fn named(named: NamedLayout) -> Self {
        Self {
            tree: named.tree(),
            named,
            map_place: MapPlace::Tiles,
            show_palette: true,
        }
    }

    /// Apply one of the analyst's layout actions.
    pub fn apply(&mut self, a: LayoutAction) {
        match a {
            LayoutAction::Show(p) => self.show(p),
            LayoutAction::Use(n) => {
                self.tree = n.tree();
                self.named = n;
            }
            LayoutAction::Reset => self.tree = self.named.tree(),
            LayoutAction::TogglePalette => self.show_palette = !self.show_palette,
            LayoutAction::MapWindow => {
                self.map_place = match self.map_place {
                    MapPlace::Window => MapPlace::Tiles,
                    MapPlace::Tiles => MapPlace::Window,
                };
            }
        }
    }

    /// The panes in the layout, in no particular order.
    pub fn panes(&self) -> Vec<Pane> {
        self.tree
            .tiles
            .tiles()
            .filter_map(|t| match t {
                Tile::Pane(p) => Some(*p),
                Tile::Container(_) => None,
            })
            .collect()
    }

    /// Whether this pane is drawn (in the layout, its tab in front, and shown).
    pub fn is_shown(&self, pane: Pane) -> bool {
        self.tree
            .tiles
            .find_pane(&pane)
            .is_some_and(|id| self.tree.active_tiles().contains(&id))
    }

    /// Bring `pane` to the front; put it back beside its kind if the analyst closed it.
    pub fn show(&mut self, pane: Pane) {
        if self.tree.tiles.find_pane(&pane).is_none() {
            self.insert(pane);
        }
        self.tree
            .make_active(|_, tile| matches!(tile, Tile::Pane(p) if *p == pane));
    }

    fn insert(&mut self, pane: Pane) {
        let beside = pane.neighbours().iter().find_map(|n| {
            let id = self.tree.tiles.find_pane(n)?;
            let parent = self.tree.tiles.parent_of(id)?;
            matches!(
                self.tree.tiles.get(parent),
                Some(Tile::Container(Container::Tabs(_)))
            )
            .then_some(parent)
        });
        let id = self.tree.tiles.insert_pane(pane);
        let parent = beside.or(self.tree.root());
        match parent.and_then(|p| self.tree.tiles.get_mut(p)) {
            Some(Tile::Container(c)) => c.add_child(id),
            // An empty tree (everything closed) or a lone pane at the root: a fresh layout
            // around the pane asked for.
            Some(Tile::Pane(_)) | None => {
                let text = self.tree.tiles.insert_pane(Pane::Text);
                let root = if pane == Pane::Text {
                    self.tree.tiles.insert_tab_tile(vec![text])
                } else {
                    self.tree.tiles.insert_horizontal_tile(vec![text, id])
                };
                self.tree.root = Some(root);
            }
        }
    }

    /// Hide the project's panes while no project is open (they keep their place for the
    /// next one), and any group left with nothing to show.
    pub fn sync_visibility(&mut self, project: bool) {
        if let Some(root) = self.tree.root() {
            self.visible(root, project);
        }
    }

    fn visible(&mut self, id: TileId, project: bool) -> bool {
        let shown = match self.tree.tiles.get(id) {
            Some(Tile::Pane(p)) => project || !p.needs_project(),
            Some(Tile::Container(c)) => {
                let children = c.children_vec();
                let mut any = false;
                for child in children {
                    any |= self.visible(child, project);
                }
                any
            }
            None => false,
        };
        if self.tree.tiles.is_visible(id) != shown {
            self.tree.tiles.set_visible(id, shown);
        }
        shown
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_named_layout_has_the_text_and_every_pane_once() {
        for n in NamedLayout::ALL {
            let l = Layout::named(n);
            let panes = l.panes();
            assert!(panes.contains(&Pane::Text), "{n:?}");
            let mut sorted: Vec<String> = panes.iter().map(|p| format!("{p:?}")).collect();
            sorted.sort();
            let before = sorted.len();
            sorted.dedup();
            assert_eq!(before, sorted.len(), "{n:?} has a pane twice");
        }
    }

    #[test]
    fn a_closed_pane_comes_back_beside_its_kind() {
        let mut l = Layout::default();
        let id = l.tree.tiles.find_pane(&Pane::Mentions).unwrap();
        l.tree.remove_recursively(id);
        assert!(!l.panes().contains(&Pane::Mentions));
        l.apply(LayoutAction::Show(Pane::Mentions));
        let id = l.tree.tiles.find_pane(&Pane::Mentions).unwrap();
        let events = l.tree.tiles.find_pane(&Pane::Events).unwrap();
        assert_eq!(l.tree.tiles.parent_of(id), l.tree.tiles.parent_of(events));
        assert!(l.is_shown(Pane::Mentions));
    }

    #[test]
    fn project_panes_are_hidden_without_a_project() {
        let mut l = Layout::named(NamedLayout::Annotate);
        l.sync_visibility(false);
        let articles = l.tree.tiles.find_pane(&Pane::Articles).unwrap();
        assert!(!l.tree.tiles.is_visible(articles));
        // Its column (the articles and the registry) goes too, so the text takes the room.
        let column = l.tree.tiles.parent_of(articles).unwrap();
        assert!(!l.tree.tiles.is_visible(column));
        // A group with a view for any article stays.
        let map = l.tree.tiles.find_pane(&Pane::Map).unwrap();
        let group = l.tree.tiles.parent_of(map).unwrap();
        assert!(l.tree.tiles.is_visible(group));
        l.sync_visibility(true);
        assert!(l.tree.tiles.is_visible(articles));
    }

    #[test]
    fn old_map_places_read_as_tiles() {
        for old in ["Side", "Main"] {
            let p: MapPlace = ron::from_str(old).unwrap();
            assert_eq!(p, MapPlace::Tiles);
        }
    }

    #[test]
    fn the_layout_round_trips_through_ron() {
        let l = Layout::named(NamedLayout::Explore);
        let text = ron::to_string(&l).unwrap();
        let back: Layout = ron::from_str(&text).unwrap();
        assert_eq!(back.tree, l.tree);
    }
}
