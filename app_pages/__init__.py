"""The app's pages, in one catalogue that Home.py routes with and the home page links from.

Adding a page is one file in this folder plus one entry here.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PageEntry:
    path: str  # relative to the project root, where Home.py lives
    title: str
    icon: str
    summary: str


HOME = PageEntry("app_pages/home.py", "Home", ":material/home:", "What Digit Lab is, and MNIST at a glance.")

# Every page but Home, in the order the sidebar and the home page list them: the main
# task, reading a number, first.
PAGES: list[PageEntry] = [
    PageEntry(
        "app_pages/predictor.py",
        "Read a number",
        ":material/draw:",
        "Draw or upload a handwritten number: see each digit found, framed and read, "
        "compare the models on it, and hear it read aloud.",
    ),
    PageEntry(
        "app_pages/comparison.py",
        "Compare models",
        ":material/leaderboard:",
        "Eight models side by side: accuracy against published figures, speed and size, "
        "confusions, per-digit scores, ROC curves, mistakes; train your own.",
    ),
    PageEntry(
        "app_pages/explorer.py",
        "Explore MNIST",
        ":material/grid_view:",
        "Class balance, samples, mean images, pixel statistics, t-SNE and PCA maps, and outliers.",
    ),
]
