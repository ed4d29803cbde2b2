"""The pipeline: discover -> read/prefilter -> parse -> index -> checks.

Unreadable files, non-text files and exceptions inside the extractor or a
check become reported problems; the run goes on. Pass one reads every source
file once and parses the few with kfunc markers; pass two searches only for
the names pass one could not resolve (definitions of listed functions in
unmarked files, list macros in headers, prototypes, same-name static
functions). On a cold run most of pass two rides on pass one: drivers/ is
read last, searched for the names already known while it is scanned
(build.reading_order). Both passes use every core.
"""

from .analysis import Analysis, AnalysisOptions, NeedFullScan
from .build import analyze
from .run import run_checks
from .trees import analyze_kernel_tree, analyze_paths, check_paths

__all__ = ["Analysis", "AnalysisOptions", "NeedFullScan", "analyze", "analyze_kernel_tree",
           "analyze_paths", "check_paths", "run_checks"]
