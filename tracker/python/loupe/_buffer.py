"""Points waiting to be flushed, per metric key of one run (mirrors tracker/src/sdk/metricBuffer.ts)."""
from array import array
from typing import Dict, List, Optional, Tuple

# (key, steps, values, timestamps), each column an array('d') of the same length
Block = Tuple[str, "array[float]", "array[float]", "array[float]"]


class MetricBuffer:
    def __init__(self) -> None:
        self._columns: Dict[str, Tuple["array[float]", "array[float]", "array[float]"]] = {}
        self._next_step: Dict[str, float] = {}
        self.size = 0

    def push(self, key: str, value: float, step: Optional[float], time: float) -> None:
        """Step defaults to one past the key's previous step (0 for a new key), like W&B's auto-increment."""
        col = self._columns.get(key)
        if col is None:
            col = self._columns[key] = (array("d"), array("d"), array("d"))
        if step is None:
            step = self._next_step.get(key, 0.0)
        col[0].append(step)
        col[1].append(value)
        col[2].append(time)
        self._next_step[key] = step + 1
        self.size += 1

    def continue_from(self, next_steps: Dict[str, float]) -> None:
        """Auto-increment steps continue after these (used when resuming a run)."""
        for key, step in next_steps.items():
            self._next_step.setdefault(key, step)

    def drain(self) -> List[Block]:
        """Hands the buffered points over and starts empty (next steps are remembered)."""
        blocks = [(k, c[0], c[1], c[2]) for k, c in self._columns.items() if len(c[1])]
        self._columns = {}
        self.size = 0
        return blocks

    def restore(self, blocks: List[Block]) -> None:
        """Puts blocks back in front after a failed flush, so no point is lost."""
        later = self.drain()
        for key, steps, values, times in list(blocks) + later:
            col = self._columns.get(key)
            if col is None:
                col = self._columns[key] = (array("d"), array("d"), array("d"))
            col[0].extend(steps)
            col[1].extend(values)
            col[2].extend(times)
            self.size += len(values)
