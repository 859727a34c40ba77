import numpy as np
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from bridge_match.rank import top_rows


@given(
    arrays(np.float64, st.integers(0, 60), elements=st.sampled_from([0.0, 0.1, 0.25, 0.5, 1.0])),
    st.integers(1, 70),
)
def test_top_rows_equals_a_full_stable_sort(values, k):
    expected = sorted(range(len(values)), key=lambda i: (-values[i], i))[:k]
    assert top_rows(values, k).tolist() == expected


def test_ties_go_to_the_lower_row():
    assert top_rows(np.array([0.2, 0.5, 0.5, 0.1]), 2).tolist() == [1, 2]
    assert top_rows(np.array([]), 3).tolist() == []
