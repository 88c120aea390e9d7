"""The entity graph: entities as nodes, articles naming both as weighted edges, laid out by explore.graph."""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QIcon,
    QPainter,
    QPalette,
    QPen,
    QPixmap,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QGraphicsItem,
    QGraphicsLineItem,
    QGraphicsScene,
    QGraphicsSceneHoverEvent,
    QGraphicsSceneMouseEvent,
    QGraphicsView,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QStyleOptionGraphicsItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from reader.domain import ENTITY_TYPES
from reader.explore.graph import graph_layout
from reader.explore.text import counted
from reader.store import EntityRow
from reader.ui.explore.lazy import LazyView
from reader.ui.session import Session
from reader.ui.theme import Palette, entity_label

DEFAULT_TYPES = ("PER", "ORG", "LOC", "MISC")


def _palette() -> tuple[QPalette, Palette]:
    pal = QApplication.palette()
    return pal, Palette(pal.color(QPalette.ColorRole.Window).lightness() < 128)


def _dot(color: QColor) -> QIcon:
    pixmap = QPixmap(12, 12)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(color)
    painter.drawEllipse(1, 1, 10, 10)
    painter.end()
    return QIcon(pixmap)


class LabelItem(QGraphicsItem):
    """A node's name, drawn at the screen's size whatever the zoom: legible when the whole graph is fitted."""

    def __init__(self, node: NodeItem) -> None:
        super().__init__(node)
        self.node = node
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
        self.setAcceptHoverEvents(False)
        self.setPos(0, node.radius + 1)

    def boundingRect(self) -> QRectF:  # noqa: N802 - Qt override
        width = self.node.text_width
        return QRectF(-width / 2 - 3, 0, width + 6, self.node.text_height + 2)

    def paint(self, painter: QPainter, _option: QStyleOptionGraphicsItem, _widget: QWidget | None = None) -> None:
        pal, _ = _palette()
        box = self.boundingRect()
        halo = QColor(pal.color(QPalette.ColorRole.Base))
        halo.setAlpha(200)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(halo)
        painter.drawRoundedRect(box, 4, 4)
        painter.setFont(self.node.font)
        painter.setPen(pal.color(QPalette.ColorRole.Text))
        painter.drawText(box, int(Qt.AlignmentFlag.AlignCenter), self.node.row.name)


class NodeItem(QGraphicsItem):
    """An entity: a disc sized by its mentions, coloured by its type, named underneath (at screen size)."""

    def __init__(self, row: EntityRow, view: GraphView) -> None:
        super().__init__()
        self.row = row
        self.view = view
        self.radius = 5 + 2.2 * math.sqrt(row.mentions)
        self.font = QFont(view.font())
        if row.mentions >= 10:
            self.font.setBold(True)
        metrics = QFontMetricsF(self.font)
        self.text_width = metrics.horizontalAdvance(row.name)
        self.text_height = metrics.height()
        self.hovered = False
        self.setAcceptHoverEvents(True)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setToolTip(f"{row.name} ({entity_label(row.type)})\n{counted(row.mentions, 'mention')} in "
                        f"{counted(row.articles, 'article')}"
                        "\n\nClick to show it in the entity index.")
        self.setZValue(2)
        self.label = LabelItem(self)

    def boundingRect(self) -> QRectF:  # noqa: N802 - Qt override
        return QRectF(-self.radius - 2, -self.radius - 2, 2 * self.radius + 4, 2 * self.radius + 4)

    def paint(self, painter: QPainter, _option: QStyleOptionGraphicsItem, _widget: QWidget | None = None) -> None:
        pal, colors = _palette()
        color = colors.entity(self.row.type)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(pal.color(QPalette.ColorRole.Highlight) if self.hovered else color.darker(140),
                            3 if self.hovered else 1))
        painter.setBrush(color)
        painter.drawEllipse(QPointF(0, 0), self.radius, self.radius)

    def hoverEnterEvent(self, event: QGraphicsSceneHoverEvent) -> None:  # noqa: N802 - Qt override
        self.hovered = True
        self.view.highlight(self.row.id)

    def hoverLeaveEvent(self, event: QGraphicsSceneHoverEvent) -> None:  # noqa: N802 - Qt override
        self.hovered = False
        self.view.highlight(None)

    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:  # noqa: N802 - Qt override
        event.accept()

    def mouseReleaseEvent(self, event: QGraphicsSceneMouseEvent) -> None:  # noqa: N802 - Qt override
        if (event.scenePos() - event.buttonDownScenePos(Qt.MouseButton.LeftButton)).manhattanLength() < 6:
            self.view.entity_clicked.emit(self.row.id)


class GraphView(QGraphicsView):
    entity_clicked = Signal(int)
    entity_hovered = Signal(object)  # EntityRow | None

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setScene(QGraphicsScene(self))
        self.setObjectName("graph-view")
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.nodes: dict[int, NodeItem] = {}
        self.edges: list[tuple[int, int, int, QGraphicsLineItem]] = []
        self.auto_fit = True  # refit on resize until the user zooms
        self._layout: dict[int, tuple[float, float]] = {}
        self._stretch = 0.0
        self._pens: dict[tuple[int, int], tuple[QPen, QPen]] = {}  # normal, highlighted

    def set_graph(self, rows: dict[int, EntityRow], edges: list[tuple[int, int, int]]) -> None:
        scene = self.scene()
        scene.clear()
        self.nodes, self.edges = {}, []
        self._pens = {}
        if not rows:
            scene.setSceneRect(QRectF(0, 0, 10, 10))
            return
        size = 90 * math.sqrt(len(rows)) + 120
        positions = graph_layout(sorted(rows), edges, size=size)
        self._layout = positions
        pal, _ = _palette()
        heaviest = max((w for _, _, w in edges), default=1)
        for a, b, weight in edges:
            color = QColor(pal.color(QPalette.ColorRole.Text))
            color.setAlpha(int(25 + 120 * (weight / heaviest) ** 2))
            line = QGraphicsLineItem(*positions[a], *positions[b])
            pen = QPen(color, 0.6 + 4 * (weight / heaviest) ** 2)
            strong = QPen(pal.color(QPalette.ColorRole.Highlight), max(pen.widthF(), 1.5))
            self._pens[(a, b)] = (pen, strong)
            line.setPen(pen)
            line.setToolTip(f"{rows[a].name} — {rows[b].name}: named together in {weight} "
                            f"article{'s' if weight > 1 else ''}")
            line.setZValue(0)
            scene.addItem(line)
            self.edges.append((a, b, weight, line))
        for entity_id, row in rows.items():
            node = NodeItem(row, self)
            node.setPos(*positions[entity_id])
            scene.addItem(node)
            self.nodes[entity_id] = node
        self._stretch = 0.0
        self.fit()

    def _spread(self) -> None:
        """Stretch the layout to the view's shape: a wide, low dock spreads the nodes sideways, so names
        drawn at screen size do not pile up on each other."""
        view = self.viewport()
        stretch = max(1.0, min(3.0, view.width() / max(view.height(), 1)))
        if abs(stretch - self._stretch) < 0.05:
            return
        self._stretch = stretch
        for entity_id, node in self.nodes.items():
            x, y = self._layout[entity_id]
            node.setPos(x * stretch, y)
        for a, b, _w, line in self.edges:
            line.setLine(self.nodes[a].x(), self.nodes[a].y(), self.nodes[b].x(), self.nodes[b].y())
        # Room for the labels under the lowest nodes and beside the outer ones (drawn at screen size).
        widest = max(n.text_width for n in self.nodes.values())
        bounds = QRectF()
        for node in self.nodes.values():
            bounds = bounds.united(node.sceneBoundingRect())
        self.scene().setSceneRect(bounds.adjusted(-widest / 2 - 10, -20, widest / 2 + 10, 70))

    def fit(self) -> None:
        """Show the whole graph (labels keep their size); refit on resize until the user zooms."""
        self.auto_fit = True
        self.resetTransform()
        if not self.nodes or self.viewport().width() < 20:
            return
        self._spread()
        self.fitInView(self.scene().sceneRect(), Qt.AspectRatioMode.KeepAspectRatio)
        if self.transform().m11() > 1.4:  # a small graph: do not blow the discs up
            self.resetTransform()
            self.scale(1.4, 1.4)

    def showEvent(self, event: object) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)  # type: ignore[arg-type]
        if self.auto_fit:
            self.fit()  # the dock has its real size only now

    def highlight(self, entity_id: int | None) -> None:
        """Dim everything but this entity and its neighbours (None: show all)."""
        near = {entity_id} if entity_id is not None else set(self.nodes)
        for a, b, _w, line in self.edges:
            if entity_id in (a, b):
                near.update((a, b))
            line.setOpacity(1.0 if entity_id is None or entity_id in (a, b) else 0.12)
            line.setPen(self._pens[(a, b)][1 if entity_id in (a, b) else 0])
        for node_id, node in self.nodes.items():
            node.setOpacity(1.0 if node_id in near else 0.25)
            node.update()
        self.entity_hovered.emit(self.nodes[entity_id].row if entity_id in self.nodes else None)

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802 - Qt override
        steps = event.angleDelta().y() / 120
        if steps:
            factor = 1.2 ** steps
            zoom = self.transform().m11() * factor
            if 0.05 < zoom < 8:
                self.auto_fit = False
                self.scale(factor, factor)
        event.accept()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        if self.auto_fit and self.nodes:
            self.fit()


class GraphWidget(LazyView):
    """The graph with its filters: entity types, minimum shared articles, how many entities."""

    entity_clicked = Signal(int)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.view = GraphView(self)
        self.type_boxes: dict[str, QCheckBox] = {}
        bar = QHBoxLayout()
        for type_ in ENTITY_TYPES:
            box = QCheckBox(entity_label(type_), self)
            box.setIcon(_dot(_palette()[1].entity(type_)))
            box.setChecked(type_ in DEFAULT_TYPES)
            box.toggled.connect(lambda _on: self.reload())
            self.type_boxes[type_] = box
            bar.addWidget(box)
        self.min_weight = QSpinBox(self)
        self.min_weight.setRange(1, 100)
        self.min_weight.setPrefix("together in ≥ ")
        self.min_weight.setSuffix(" articles")
        self.min_weight.setValue(2)
        self.min_weight.setToolTip("Only draw a line between two entities named together in at least this many articles")
        self.max_nodes = QSpinBox(self)
        self.max_nodes.setRange(5, 500)
        self.max_nodes.setValue(40)
        self.max_nodes.setPrefix("top ")
        self.max_nodes.setSuffix(" entities")
        self.fit_button = QToolButton(self)
        self.fit_button.setText("Fit")
        self.fit_button.setToolTip("Show the whole graph (wheel zooms, drag moves)")
        bar.addWidget(self.min_weight)
        bar.addWidget(self.max_nodes)
        bar.addWidget(self.fit_button)
        bar.addStretch(1)
        self.info = QLabel("Click an entity to show it in the entity index; point at one to see its neighbours.", self)
        self.info.setObjectName("graph-info")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.info)
        self.min_weight.valueChanged.connect(lambda _v: self.reload())
        self.max_nodes.valueChanged.connect(lambda _v: self.reload())
        self.fit_button.clicked.connect(self.view.fit)
        self.view.entity_clicked.connect(self.entity_clicked)
        self.view.entity_hovered.connect(self._hovered)

    def types(self) -> tuple[str, ...]:
        return tuple(t for t, box in self.type_boxes.items() if box.isChecked())

    def rebuild(self) -> None:
        store = self.session.store
        types = self.types()
        edges = store.entities.cooccurrence_edges(types=types, min_weight=self.min_weight.value()) if types else []
        strength: dict[int, int] = {}
        for a, b, w in edges:
            strength[a] = strength.get(a, 0) + w
            strength[b] = strength.get(b, 0) + w
        by_id = {r.id: r for r in store.entities.rows()}
        keep = sorted(strength, key=lambda n: (-strength[n], -by_id[n].mentions if n in by_id else 0, n))
        keep = [n for n in keep if n in by_id][: self.max_nodes.value()]
        kept = set(keep)
        self.view.set_graph({n: by_id[n] for n in keep}, [(a, b, w) for a, b, w in edges if a in kept and b in kept])
        if not keep:
            self.info.setText("No entities are named together often enough: lower the minimum or add types.")
        else:
            self.info.setText(f"{len(keep)} entities, {len(self.view.edges)} links. Click an entity to show it in "
                              "the entity index; point at one to see its neighbours.")

    def _hovered(self, row: EntityRow | None) -> None:
        if row is not None:
            neighbours = sorted(((w, self.view.nodes[b if a == row.id else a].row.name)
                                 for a, b, w, _ in self.view.edges if row.id in (a, b)), reverse=True)
            names = ", ".join(f"{n} ({w})" for w, n in neighbours[:8])
            self.info.setText(f"{row.name} ({entity_label(row.type)}, {counted(row.mentions, 'mention')}): {names}")
