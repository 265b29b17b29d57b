import pytest

from .fake_board import FakeBoard, FakeLog, notice


@pytest.fixture
def make_board():
    """Start a fake board serving a log of ``size`` notices; stopped after the test."""
    boards = []

    def make(size=20, prefix=""):
        board = FakeBoard(FakeLog([notice(i) for i in range(size)]), prefix=prefix).__enter__()
        boards.append(board)
        return board

    yield make
    for board in boards:
        board.__exit__(None, None, None)
