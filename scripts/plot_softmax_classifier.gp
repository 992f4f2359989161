# Renders the data file written by examples/softmax_classifier (three gnuplot data blocks:
# 0 the loss per step, 1 the predicted class over a grid, 2 the data points) to a PNG:
#
#   gnuplot -e "data='softmax_classifier.dat'; out='docs/img/softmax_classifier.png'" \
#           scripts/plot_softmax_classifier.gp
#
# scripts/plot_softmax_classifier.sh builds and runs the example and then calls this.
if (!exists("data")) data = 'softmax_classifier.dat'
if (!exists("out")) out = 'softmax_classifier.png'

set terminal pngcairo size 1200,520 font 'DejaVu Sans,11'
set output out
set multiplot layout 1,2

# Left: the decision regions (the predicted class over the grid) and the training points.
set title 'Decision regions and the 300 training points (3 classes)'
set size ratio -1
set xrange [-1.5:1.5]
set yrange [-1.5:1.5]
set xlabel 'x_1'
set ylabel 'x_2'
set palette defined (0 '#c6dbef', 1 '#fdd0a2', 2 '#c7e9c0')
set cbrange [0:2]
unset colorbox
set linetype 11 lc rgb '#2171b5' pt 7 ps 0.6
set linetype 12 lc rgb '#d94801' pt 7 ps 0.6
set linetype 13 lc rgb '#238b45' pt 7 ps 0.6
plot data index 1 using 1:2:3 with image notitle, \
     data index 2 using 1:($3 == 0 ? $2 : 1/0) with points lt 11 title 'class 0', \
     data index 2 using 1:($3 == 1 ? $2 : 1/0) with points lt 12 title 'class 1', \
     data index 2 using 1:($3 == 2 ? $2 : 1/0) with points lt 13 title 'class 2'

# Right: the training loss per gradient-descent step.
set title 'Training loss (cross-entropy + L2), full-batch gradient descent'
set size noratio
set autoscale
set logscale y
set xlabel 'step'
set ylabel 'loss'
set grid
plot data index 0 using 1:2 with lines lw 2 lc rgb '#08519c' notitle

unset multiplot
