//! The output folder: written beside, swapped in whole, never destroying what it did not create.
