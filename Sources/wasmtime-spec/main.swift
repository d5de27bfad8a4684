import SpecRunner
