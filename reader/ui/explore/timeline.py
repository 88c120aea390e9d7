"""The timeline: the library's dates on a time axis, one row per article or per entity; zoom, pan, click."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QPointF, QRect, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPalette, QPen, QResizeEvent, QWheelEvent
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QGraphicsItem,
    QGraphicsScene,
    QGraphicsSceneHoverEvent,
    QGraphicsSceneMouseEvent,
    QGraphicsView,
    QHBoxLayout,
    QLabel,
    QStyleOptionGraphicsItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from reader.domain import Changes
from reader.explore.text import precision
from reader.explore.timeline import TimelineEvent, TimelineRow, TimeScale, timeline_events, timeline_rows
from reader.ui.explore.lazy import LazyView
from reader.ui.session import Session
from reader.ui.theme import Palette

HEADER = 30.0  # the time axis, painted over the top of the view
GUTTER = 200.0  # row titles, painted over the left of the view
MARGIN = 24.0
LANE = 24.0
ROW_PAD = 6.0
MAX_PPD = 60.0  # pixels per day at the closest zoom


def _palette() -> tuple[QPalette, Palette]:
    pal = QApplication.palette()
    return pal, Palette(pal.color(QPalette.ColorRole.Window).lightness() < 128)


HINT = ("● a day, ▬ a month or a year. Point at a date to read its sentence, click it to open the article "
        "there; wheel to zoom, drag to move.")


class EventItem(QGraphicsItem):
    """A date: a dot (a day) or a bar (a month, a year), with its label; click opens the passage."""

    def __init__(self, event: TimelineEvent, span: float, view: TimelineView) -> None:
        super().__init__()
        self.event = event
        self.span = span  # width of the period in pixels (0 for a day)
        self.view = view
        self.hovered = False
        self.font = QFont(view.font())
        self.text_width = QFontMetricsF(self.font).horizontalAdvance(event.label)
        self.setAcceptHoverEvents(True)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setToolTip(f"{event.label}\n« {event.quote} »\n— {event.article_title}\n\nClick to read the passage.")
        self.setZValue(1)

    @property
    def marker_width(self) -> float:
        return max(self.span, 14.0)

    def boundingRect(self) -> QRectF:  # noqa: N802 - Qt override
        return QRectF(-6, 0, self.marker_width + self.text_width + 18, LANE)

    def paint(self, painter: QPainter, _option: QStyleOptionGraphicsItem, _widget: QWidget | None = None) -> None:
        pal, colors = _palette()
        color = colors.entity("DATE")
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        mid = LANE / 2
        if self.span <= 0:
            painter.setPen(QPen(color.darker(130), 1))
            painter.setBrush(color)
            painter.drawEllipse(QPointF(0, mid), 5, 5)
            text_x = 9.0
        else:
            fill = QColor(color)
            fill.setAlpha(70 if not self.hovered else 120)
            painter.setPen(QPen(color, 1))
            painter.setBrush(fill)
            painter.drawRoundedRect(QRectF(0, mid - 5, self.marker_width, 10), 4, 4)
            text_x = (self.marker_width if self.span < 400 else 0) + 6
        font = QFont(self.font)
        font.setBold(self.hovered)
        painter.setFont(font)
        painter.setPen(pal.color(QPalette.ColorRole.Highlight) if self.hovered else pal.color(QPalette.ColorRole.Text))
        painter.drawText(QPointF(text_x, mid + QFontMetricsF(font).ascent() / 2 - 1), self.event.label)

    def hoverEnterEvent(self, event: QGraphicsSceneHoverEvent) -> None:  # noqa: N802 - Qt override
        self.hovered = True
        self.update()
        self.view.event_hovered.emit(self.event)

    def hoverLeaveEvent(self, event: QGraphicsSceneHoverEvent) -> None:  # noqa: N802 - Qt override
        self.hovered = False
        self.update()
        self.view.event_hovered.emit(None)

    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:  # noqa: N802 - Qt override
        event.accept()  # keep the view from starting a drag

    def mouseReleaseEvent(self, event: QGraphicsSceneMouseEvent) -> None:  # noqa: N802 - Qt override
        if (event.scenePos() - event.buttonDownScenePos(Qt.MouseButton.LeftButton)).manhattanLength() < 6:
            self.view.event_clicked.emit(self.event)


class TimelineView(QGraphicsView):
    """Custom-painted axis and row titles that stay in place while the events pan and zoom under them."""

    event_clicked = Signal(object)  # TimelineEvent
    event_hovered = Signal(object)  # TimelineEvent | None

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setScene(QGraphicsScene(self))
        self.setObjectName("timeline-view")
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.FullViewportUpdate)
        self.setViewportMargins(0, 0, 0, 0)
        self.rows: list[TimelineRow] = []
        self.bands: list[tuple[float, float, str]] = []  # y, height, title
        self.events: list[EventItem] = []
        self.first = date(2000, 1, 1)
        self.last = date(2001, 1, 1)
        self.time_scale = TimeScale(self.first, 0.05)
        self._fitted = False
        self.auto_fit = True  # refit on resize until the user zooms
        self._reserve = 160.0  # room right of the last date for its label

    # content ------------------------------------------------------------------------------------------

    def set_rows(self, rows: list[TimelineRow]) -> None:
        self.rows = rows
        events = [e for r in rows for e in r.events]
        if events:
            first = min(e.first for e in events)
            last = max(e.last for e in events)
            self.first = date(first.year, 1, 1)
            self.last = date(last.year, 12, 31)
            metrics = QFontMetricsF(self.font())
            latest = [e for e in events if e.last.year == last.year]
            self._reserve = min(max(metrics.horizontalAdvance(e.label) for e in latest) + 24, 320)
        if self.auto_fit or not self._fitted:
            self.fit()
        else:
            self.rebuild()

    def _x(self, day: date) -> float:
        return GUTTER + MARGIN + self.time_scale.x(day)

    def rebuild(self) -> None:
        scene = self.scene()
        scene.clear()
        self.events = []
        self.bands = []
        y = HEADER + 4
        right = self._x(self.last) + MARGIN
        for row in self.rows:
            lanes: list[float] = []
            placed: list[tuple[EventItem, int]] = []
            for event in row.events:
                days = (event.last - event.first).days + 1 if precision(event.value) != "day" else 0
                item = EventItem(event, days * self.time_scale.pixels_per_day if days else 0, self)
                x = self._x(event.first)
                end = x + item.boundingRect().right() + 8
                lane = next((i for i, edge in enumerate(lanes) if edge <= x), len(lanes))
                if lane == len(lanes):
                    lanes.append(end)
                else:
                    lanes[lane] = end
                item.setPos(x, 0)
                placed.append((item, lane))
                right = max(right, end)
            height = max(max(len(lanes), 1) * LANE + 2 * ROW_PAD, 2 * QFontMetricsF(self.font()).height() + 14)
            for item, lane in placed:
                item.setY(y + ROW_PAD + lane * LANE)
                scene.addItem(item)
                self.events.append(item)
            self.bands.append((y, height, row.title))
            y += height
        scene.setSceneRect(QRectF(0, 0, right + MARGIN, max(y + MARGIN, HEADER + 40)))
        self.viewport().update()

    # zoom and pan ------------------------------------------------------------------------------------------

    def zoom(self, factor: float, anchor_x: float | None = None) -> None:
        """Zoom the time axis, keeping the day under ``anchor_x`` (viewport pixels) in place."""
        if anchor_x is None:
            anchor_x = (GUTTER + self.viewport().width()) / 2
        scene_x = self.mapToScene(int(anchor_x), 0).x()
        day_offset = (scene_x - GUTTER - MARGIN) / self.time_scale.pixels_per_day
        ppd = min(max(self.time_scale.pixels_per_day * factor, self._min_ppd()), MAX_PPD)
        self.auto_fit = ppd <= self._min_ppd()
        self.time_scale = TimeScale(self.first, ppd)
        self.rebuild()
        new_x = GUTTER + MARGIN + day_offset * ppd
        self.horizontalScrollBar().setValue(round(new_x - anchor_x))

    def _min_ppd(self) -> float:
        days = max((self.last - self.first).days, 1)
        return max((self.viewport().width() - GUTTER - 2 * MARGIN - self._reserve) / days, 0.002)

    def fit(self) -> None:
        self._fitted = True
        self.auto_fit = True
        self.time_scale = TimeScale(self.first, self._min_ppd())
        self.rebuild()
        self.horizontalScrollBar().setValue(0)

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802 - Qt override
        if event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
            super().wheelEvent(event)
            return
        steps = event.angleDelta().y() / 120 or event.angleDelta().x() / 120
        if steps:
            self.zoom(1.25 ** steps, event.position().x())
        event.accept()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        if self.auto_fit or self.time_scale.pixels_per_day < self._min_ppd():
            self.fit()

    # painting ------------------------------------------------------------------------------------------------

    def drawBackground(self, painter: QPainter, rect: QRectF | QRect) -> None:  # noqa: N802 - Qt override
        rect = QRectF(rect)
        pal, _ = _palette()
        painter.fillRect(rect, pal.color(QPalette.ColorRole.Base))
        for i, (y, height, _title) in enumerate(self.bands):
            if i % 2:
                painter.fillRect(QRectF(rect.left(), y, rect.width(), height), pal.color(QPalette.ColorRole.AlternateBase))
        grid = QColor(pal.color(QPalette.ColorRole.Mid))
        grid.setAlpha(90)
        first, last = self._visible_days(rect)
        for tick in self.time_scale.ticks(first, last):
            x = GUTTER + MARGIN + tick.x
            painter.setPen(QPen(grid, 1, Qt.PenStyle.SolidLine if tick.major else Qt.PenStyle.DotLine))
            painter.drawLine(QPointF(x, rect.top()), QPointF(x, rect.bottom()))

    def _visible_days(self, rect: QRectF) -> tuple[date, date]:
        first = self.time_scale.day_at(rect.left() - GUTTER - MARGIN) - timedelta(days=1)
        last = self.time_scale.day_at(rect.right() - GUTTER - MARGIN) + timedelta(days=1)
        return max(first, date(1, 1, 1)), min(last, date(9999, 1, 1))

    def drawForeground(self, painter: QPainter, rect: QRectF | QRect) -> None:  # noqa: N802 - Qt override
        rect = QRectF(rect)
        pal, _ = _palette()
        view = self.mapToScene(self.viewport().rect()).boundingRect()
        window = pal.color(QPalette.ColorRole.Window)
        text = pal.color(QPalette.ColorRole.Text)
        # the axis, fixed at the top
        axis = QRectF(view.left(), view.top(), view.width(), HEADER)
        painter.fillRect(axis, window)
        painter.setPen(QPen(pal.color(QPalette.ColorRole.Mid), 1))
        painter.drawLine(axis.bottomLeft(), axis.bottomRight())
        first, last = self._visible_days(view)
        font = QFont(self.font())
        bold = QFont(font)
        bold.setBold(True)
        last_right = -1e9
        for tick in self.time_scale.ticks(first, last):
            x = GUTTER + MARGIN + tick.x
            if x < view.left() + GUTTER:
                continue
            painter.setFont(bold if tick.major else font)
            width = QFontMetricsF(painter.font()).horizontalAdvance(tick.label)
            if x + 3 < last_right + 6 and not tick.major:
                continue
            painter.setPen(text)
            painter.drawText(QPointF(x + 3, axis.top() + 19), tick.label)
            painter.drawLine(QPointF(x, axis.bottom() - 6), QPointF(x, axis.bottom()))
            last_right = x + 3 + width
        # row titles, fixed at the left
        gutter = QRectF(view.left(), view.top() + HEADER, GUTTER, view.height() - HEADER)
        painter.fillRect(gutter, window)
        painter.setPen(QPen(pal.color(QPalette.ColorRole.Mid), 1))
        painter.drawLine(gutter.topRight(), gutter.bottomRight())
        painter.setFont(font)
        metrics = QFontMetricsF(font)
        for y, height, title in self.bands:
            if y + height < view.top() + HEADER or y > view.bottom():
                continue
            box = QRectF(view.left() + 6, max(y, view.top() + HEADER) + 4, GUTTER - 12, 2 * metrics.height() + 2)
            painter.setPen(text)
            painter.save()
            painter.setClipRect(box)
            painter.drawText(box, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop) | int(Qt.TextFlag.TextWordWrap),
                             _two_lines(title, metrics, GUTTER - 12))
            painter.restore()
        painter.fillRect(QRectF(view.left(), view.top(), GUTTER, HEADER), window)
        painter.setPen(text)
        painter.setFont(bold)
        painter.drawText(QRectF(view.left() + 6, view.top(), GUTTER - 12, HEADER),
                         int(Qt.AlignmentFlag.AlignVCenter), self.property("rowsTitle") or "Article")


def _two_lines(text: str, metrics: QFontMetricsF, width: float) -> str:
    """The text cut into at most two lines of ``width``, the second elided."""
    words = text.split()
    first = ""
    while words and metrics.horizontalAdvance((first + " " + words[0]).strip()) <= width:
        first = (first + " " + words.pop(0)).strip()
    if not words:
        return first
    rest = metrics.elidedText(" ".join(words), Qt.TextElideMode.ElideRight, width)
    return f"{first}\n{rest}" if first else rest


class TimelineWidget(LazyView):
    """The timeline with its controls: rows by article or entity, zoom out / in / fit, and a hover readout."""

    open_requested = Signal(int, object, object)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        self.events: list[TimelineEvent] = []
        super().__init__(session, parent)
        self.view = TimelineView(self)
        self.rows_box = QComboBox(self)
        self.rows_box.addItem("One row per article", "article")
        self.rows_box.addItem("One row per entity", "entity")
        self.zoom_out = QToolButton(self)
        self.zoom_out.setText("−")
        self.zoom_out.setToolTip("Zoom out (or turn the mouse wheel)")
        self.zoom_in = QToolButton(self)
        self.zoom_in.setText("+")
        self.zoom_in.setToolTip("Zoom in (or turn the mouse wheel); drag to move along time")
        self.fit_button = QToolButton(self)
        self.fit_button.setText("Fit")
        self.fit_button.setToolTip("Show every date")
        self.info = QLabel(HINT, self)
        self.info.setObjectName("timeline-info")
        self.info.setTextFormat(Qt.TextFormat.PlainText)
        self.info.setMinimumWidth(100)
        bar = QHBoxLayout()
        bar.addWidget(self.rows_box)
        bar.addWidget(self.zoom_out)
        bar.addWidget(self.zoom_in)
        bar.addWidget(self.fit_button)
        bar.addWidget(self.info, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)
        self.rows_box.currentIndexChanged.connect(lambda _: self._show_rows())
        self.zoom_out.clicked.connect(lambda: self.view.zoom(1 / 1.6))
        self.zoom_in.clicked.connect(lambda: self.view.zoom(1.6))
        self.fit_button.clicked.connect(self.view.fit)
        self.view.event_clicked.connect(lambda e: self.open_requested.emit(e.article_id, e.start, e.end))
        self.view.event_hovered.connect(self._hovered)

    def concerns(self, changes: Changes) -> bool:
        return super().concerns(changes) or bool(changes.articles)

    def rebuild(self) -> None:
        self.events = timeline_events(self.session.store)
        self._show_rows()

    def _show_rows(self) -> None:
        by = self.rows_box.currentData()
        self.view.setProperty("rowsTitle", "Article" if by == "article" else "Entity")
        self.view.set_rows(timeline_rows(self.events, by=by))
        if not self.events:
            self.info.setText("No dates yet: the dates the entity recogniser finds in articles show here.")

    def _hovered(self, event: TimelineEvent | None) -> None:
        if event is None:
            self.info.setText(HINT)
        else:
            self.info.setText(f"{event.label}: « {event.quote} » ({event.article_title})")

    def values(self) -> list[tuple[str, int]]:
        """(ISO value, article id) of every event shown, for tests and checks."""
        return [(item.event.value, item.event.article_id) for item in self.view.events]
