"""The parallel runner: JSON Lines for a large input, on every core.

Why our own worker processes and not concurrent.futures or multiprocessing.Pool: annotate must
stop at once, with every worker, when the reader of its output goes away (`| head -1`), on
Ctrl-C, or on an error, at any moment of a stream. ProcessPoolExecutor and Pool feed tasks
through a shared queue with a feeder thread and locks; Pool.terminate() deadlocked here while
its feeder was blocked on a full pipe, and an executor's shutdown waits for queued work. Our
workers are forked before any thread starts, each with its own pipe and no shared lock, so
stop() can end them unconditionally.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator

from slangtutor.annotate.core import Annotator
from slangtutor.annotate.encode import JsonLines
from slangtutor.errors import SlangTutorError
from slangtutor.text.script import prepare_long_input


# Batches annotated in this process before a large input gets workers. The first batch is small
# (cli._batches): it loads here what every worker needs (pypinyin, the whole jieba dictionary),
# once, in memory the forked workers share, while the other cores wait only briefly.
PARALLEL_AFTER = 1


def json_lines(annotator: Annotator, batches: Iterable[list[str]], sandhi: bool = False,
               workers: int | None = None) -> Iterator[bytes]:
    """The JSON Lines of each batch of lines, UTF-8 encoded, in input order.

    Small inputs run here. Past PARALLEL_AFTER batches, when two more follow, the rest is
    shared among forked worker processes (one per available core), a few batches in
    flight each, so memory stays bounded and output order is kept. Workers send back the
    readings and glosses they computed, and this process stores them, as it does its own.
    Closing the generator early stops the workers.
    """
    encoder = JsonLines()
    batches = iter(batches)
    for _ in range(PARALLEL_AFTER):
        batch = next(batches, None)
        if batch is None:
            return
        yield _encode(annotator, encoder, batch, sandhi)
    head = [batch for batch in (next(batches, None), next(batches, None)) if batch is not None]
    workers = _usable_cores() if workers is None else workers
    if len(head) < 2 or workers < 2 or not _can_fork():
        for batch in itertools.chain(head, batches):
            yield _encode(annotator, encoder, batch, sandhi)
        return
    annotator.segmenter.load_whole_dictionary()  # once, shared by the workers
    prepare_long_input()
    team = _Workers(annotator, workers, sandhi)
    try:
        for data, readings, glosses in team.run(itertools.chain(head, batches)):
            annotator.learn(readings, glosses)
            yield data
        team.finish()
    finally:
        team.stop()


class _Workers:
    """Forked worker processes, each with its own pipe. Batch i goes to worker i % N; a feeder
    thread sends them (at most two per worker waiting), and answers are read in the order sent,
    so output order is kept and memory is bounded. The workers are forked before the thread
    starts, and share no locks with this process: a stop at any moment (the reader went away,
    Ctrl-C, an error) ends every worker at once. multiprocessing.Pool cannot promise that: its
    terminate() can deadlock while its task feeder is blocked on a full pipe."""

    _DONE = object()

    def __init__(self, annotator: Annotator, count: int, sandhi: bool):
        import multiprocessing
        import sys

        # A forked child inherits unflushed output buffers and flushes them again at exit:
        # empty them first, or the first lines of the output would be written twice.
        for stream in (sys.stdout, sys.stderr):
            stream.flush()
        context = multiprocessing.get_context("fork")
        self.processes = []
        self.connections = []
        for _ in range(count):
            ours, theirs = context.Pipe()
            # The child closes every parent-side end it inherited, so that it sees the end of
            # its pipe (and exits) if this process dies without a word.
            process = context.Process(
                target=_worker_main, daemon=True,
                args=(annotator, theirs, [*self.connections, ours], sandhi))
            process.start()
            theirs.close()
            self.processes.append(process)
            self.connections.append(ours)
        self._stopping = False

    def run(self, batches: Iterator[list[str]]) -> Iterator[tuple[bytes, dict, dict]]:
        import queue
        import threading

        depth = 2 * len(self.connections)
        order: queue.Queue = queue.Queue(maxsize=depth)  # which worker has each batch
        answers: queue.Queue = queue.Queue(maxsize=depth)  # what came back, in input order

        def feed() -> None:
            try:
                for number, batch in enumerate(batches):
                    worker = number % len(self.connections)
                    self.connections[worker].send(batch)
                    if not self._put(order, worker):
                        return
                self._put(order, self._DONE)
            except BaseException as error:  # reading the input failed, or we are stopping
                self._put(order, error)

        def receive() -> None:
            while True:
                worker = order.get()
                if worker is self._DONE or isinstance(worker, BaseException):
                    self._put(answers, worker)
                    return
                try:
                    answer = self.connections[worker].recv()
                except (EOFError, OSError):
                    answer = SlangTutorError("a worker process stopped unexpectedly")
                if not self._put(answers, answer) or isinstance(answer, BaseException):
                    return

        # Two threads, so that sending, receiving and writing the output all overlap.
        for target in (feed, receive):
            threading.Thread(target=target, name=f"slangtutor-{target.__name__}",
                             daemon=True).start()
        while True:
            answer = answers.get()
            if answer is self._DONE:
                return
            if isinstance(answer, BaseException):
                if self._stopping:
                    return
                raise answer
            yield answer

    def _put(self, order, item) -> bool:
        """Queue an item unless the run is stopping (never block forever on a full queue)."""
        import queue

        while not self._stopping:
            try:
                order.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def finish(self) -> None:
        for connection in self.connections:
            connection.send(None)
        for process in self.processes:
            process.join(timeout=5)

    def stop(self) -> None:
        self._stopping = True
        for process in self.processes:
            if process.is_alive():
                process.terminate()
        for process in self.processes:
            process.join()
        for connection in self.connections:
            connection.close()


def _worker_main(annotator: Annotator, connection, inherited: list, sandhi: bool) -> None:
    """A worker: annotate the batches that arrive, send back JSON and what was learnt."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    for other in inherited:
        other.close()
    # Everything a worker makes goes back through its pipe; stdout is the parent's alone.
    import os
    import sys

    sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - lives as long as the worker
    annotator.reopen()
    encoder = JsonLines()
    try:
        while (batch := connection.recv()) is not None:
            data = _encode(annotator, encoder, batch, sandhi)
            readings, glosses = annotator.take_learnt()
            connection.send((data, readings, glosses))
    except (EOFError, OSError):
        pass  # the parent went away
    except Exception as error:  # a bug: the parent raises it, as if it had run the batch
        try:
            connection.send(error)
        except Exception:
            pass


def _usable_cores() -> int:
    import os

    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


def _can_fork() -> bool:
    import multiprocessing

    return "fork" in multiprocessing.get_all_start_methods()


def _encode(annotator: Annotator, encoder: JsonLines, batch: list[str], sandhi: bool) -> bytes:
    # Bytes, so that a worker's output crosses to the parent and on to stdout with no further
    # decoding or encoding: the JSON is some twenty times the size of its text.
    return annotator.json_many(batch, encoder, sandhi).encode()
