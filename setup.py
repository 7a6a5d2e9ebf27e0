"""Package discovery, the one thing pyproject.toml cannot say: every package under desktop/ (found, so a new
package needs no listing) plus the data package juesuan.resources, which lives in resources/ at the top."""

from setuptools import find_packages, setup

setup(packages=[*find_packages("desktop"), "juesuan.resources"])
